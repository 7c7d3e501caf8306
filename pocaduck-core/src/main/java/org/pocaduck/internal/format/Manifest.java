package org.pocaduck.internal.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.pocaduck.ColumnType;
import org.pocaduck.PocaduckException;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.store.DatasetFiles;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * The dataset's root document ({@code pocaduck.json}): format version, point schema and the current consolidated index.
 * Created once with the schema; replaced atomically by each consolidation, which is how a new index generation becomes
 * visible to readers in one step.
 *
 * @param schema       the point schema fixed when the dataset was created
 * @param generation   the current index generation, 0 before the first consolidation
 * @param indexFile    the current index's path relative to the base, or null before the first consolidation
 * @param optimizedRun the committed optimization run (its directory relative to the base) whose label-contiguous
 *                     files replace the worker parts it consumed, or null when the dataset was never optimized
 */
public record Manifest(PointSchema schema, long generation, String indexFile, String optimizedRun) {
    public static final String FORMAT = "pocaduck";
    /**
     * The format written, described in docs/FORMAT.md. Version 2 added the label index
     * ({@code index/index-<generation>.lookup}) and part-file layouts in the DuckDB indexes.
     */
    public static final int FORMAT_VERSION = 2;
    /** The oldest format read: a version 1 generation is read through a label index built when it is opened. */
    public static final int OLDEST_FORMAT_VERSION_READ = 1;

    public static Manifest created(PointSchema schema) {
        return new Manifest(schema, 0, null, null);
    }

    public Manifest withIndex(long newGeneration, String newIndexFile, String newOptimizedRun) {
        return new Manifest(schema, newGeneration, newIndexFile, newOptimizedRun);
    }

    /** Every value written here is restricted (identifiers, type labels, our own paths), so no escaping is needed. */
    public String toJson() {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"format\": \"").append(FORMAT).append("\",\n");
        json.append("  \"format_version\": ").append(FORMAT_VERSION).append(",\n");
        json.append("  \"schema\": [");
        for (int d = 0; d < schema.dimensions(); d++) {
            json.append(d == 0 ? "\n" : ",\n").append("    {\"name\": \"").append(schema.name(d))
                    .append("\", \"type\": \"").append(schema.type(d).label()).append("\"}");
        }
        json.append("\n  ],\n  \"generation\": ").append(generation).append(",\n");
        json.append("  \"index\": ").append(quotedOrNull(indexFile)).append(",\n");
        json.append("  \"optimized_run\": ").append(quotedOrNull(optimizedRun)).append("\n}\n");
        return json.toString();
    }

    private static String quotedOrNull(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /**
     * Creates the dataset with {@code schema} unless it already exists, and returns the manifest that won: when
     * several workers start a new dataset at once, exactly one schema is recorded and the others see it.
     */
    public static Manifest createOrRead(DatasetWorkspace workspace, PointSchema schema, Connection duck)
            throws IOException {
        Manifest created = created(schema);
        if (workspace.createIfAbsent(DatasetLayout.MANIFEST, created.toJson().getBytes(StandardCharsets.UTF_8))) {
            return created;
        }
        return readLocal(workspace.layout(), duck).orElseThrow(() -> new PocaduckException("manifest of "
                + workspace.location() + " vanished while the dataset was being created"));
    }

    /** Replaces the manifest atomically: the one step that makes a new generation current. */
    public void write(DatasetWorkspace workspace) throws IOException {
        workspace.writeText(DatasetLayout.MANIFEST, toJson());
    }

    /** Reads the current manifest, or empty when the location holds none. */
    public static Optional<Manifest> read(DatasetWorkspace workspace, Connection duck) throws IOException {
        workspace.pull(DatasetLayout.MANIFEST);
        return readLocal(workspace.layout(), duck);
    }

    private static Optional<Manifest> readLocal(DatasetLayout layout, Connection duck) throws IOException {
        String json;
        try {
            json = Files.readString(layout.manifest(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(parse(json, duck, layout.location()));
    }

    /** Reads the manifest of the dataset whose files are {@code files}, or empty when it holds none. */
    public static Optional<Manifest> read(DatasetFiles files, Connection duck) throws IOException {
        Optional<String> json = files.readText(DatasetLayout.MANIFEST);
        return json.isEmpty() ? Optional.empty() : Optional.of(parse(json.get(), duck, files.location()));
    }

    /** Parses with DuckDB's JSON functions, which every caller has loaded anyway; {@code base} names the dataset. */
    private static Manifest parse(String json, Connection duck, String base) {
        String sql = "SELECT json_extract_string(j, '$.format'), json_extract(j, '$.format_version')::INTEGER,"
                + " json_extract_string(j, '$.schema[*].name'), json_extract_string(j, '$.schema[*].type'),"
                + " json_extract(j, '$.generation')::BIGINT, json_extract_string(j, '$.index'),"
                + " json_extract_string(j, '$.optimized_run') FROM (SELECT ?::JSON AS j)";
        try (PreparedStatement statement = duck.prepareStatement(sql)) {
            statement.setString(1, json);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (!FORMAT.equals(row.getString(1))) {
                    throw corrupt(base, "it does not say \"format\": \"" + FORMAT + "\"");
                }
                int version = row.getInt(2);
                if (version < OLDEST_FORMAT_VERSION_READ || version > FORMAT_VERSION) {
                    throw new PocaduckException("dataset at " + base + " has format version " + version
                            + "; this library reads versions " + OLDEST_FORMAT_VERSION_READ + " to " + FORMAT_VERSION);
                }
                PointSchema.Builder schema = PointSchema.builder();
                Object[] names = strings(row.getArray(3));
                Object[] types = strings(row.getArray(4));
                if (names.length == 0 || names.length != types.length) {
                    throw corrupt(base, "its schema lists " + names.length + " names and " + types.length + " types");
                }
                for (int d = 0; d < names.length; d++) {
                    schema.column((String) names[d], ColumnType.parse((String) types[d]));
                }
                return new Manifest(schema.build(), row.getLong(5), row.getString(6), row.getString(7));
            }
        } catch (SQLException e) {
            throw corrupt(base, e.getMessage());
        }
    }

    private static Object[] strings(Array array) throws SQLException {
        return array == null ? new Object[0] : (Object[]) array.getArray();
    }

    private static PocaduckException corrupt(String base, String why) {
        return new PocaduckException("manifest " + base + "/" + DatasetLayout.MANIFEST + " is not a valid PoCADuck"
                + " manifest: " + why);
    }
}
