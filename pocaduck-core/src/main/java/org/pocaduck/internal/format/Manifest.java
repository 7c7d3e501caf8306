package org.pocaduck.internal.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * <p>A generation's index is one or two <em>segments</em>, each a DuckDB index with its label index and list of part
 * files. A full consolidation writes one segment holding every part. An incremental one keeps the previous
 * generation's <em>base</em> segment as it is and writes a second segment holding only the parts the base lacks, so
 * that its cost follows what is new rather than the dataset's size.
 *
 * @param formatVersion the format version the manifest was written in; a manifest this library writes has
 *                     {@link #FORMAT_VERSION}
 * @param schema       the point schema fixed when the dataset was created
 * @param generation   the current index generation, 0 before the first consolidation
 * @param indexFile    the current generation's own DuckDB index (its last segment) relative to the base, or null
 *                     before the first consolidation
 * @param optimizedRun the committed optimization run (its directory relative to the base) whose label-contiguous
 *                     files replace the worker parts it consumed, or null when the dataset was never optimized
 * @param segments     the generation's segments, base first, the last one {@code indexFile}'s; empty before the first
 *                     consolidation
 */
public record Manifest(int formatVersion, PointSchema schema, long generation, String indexFile, String optimizedRun,
        List<Segment> segments) {
    public static final String FORMAT = "pocaduck";
    /**
     * The format written, described in docs/FORMAT.md. Version 2 added the label index
     * ({@code index/index-<generation>.lookup}) and part-file layouts in the DuckDB indexes; version 3 the segments
     * of incremental consolidation; version 4 chunk bounds and a block directory in the label index (spatial queries);
     * version 5 smaller label pages (version 3 of the label index: bounds only for labels of many chunks, first rows
     * relative to the previous label's).
     */
    public static final int FORMAT_VERSION = 6;
    /** The oldest format read: a version 1 generation is read through a label index built when it is opened. */
    public static final int OLDEST_FORMAT_VERSION_READ = 1;
    /** Segments a generation may have: a base and the segment of what was consolidated since. */
    public static final int MAX_SEGMENTS = 2;

    /**
     * One segment of a generation.
     *
     * @param indexFile   its DuckDB index, relative to the base; its label index and list of part files sit beside it
     * @param lookupBytes the size of its label index, so that readers need not ask the store; -1 when unknown (format 1
     *                    and 2 manifests)
     */
    public record Segment(String indexFile, long lookupBytes) {
        public long generation() {
            return DatasetLayout.indexGeneration(DatasetWorkspace.fileName(indexFile));
        }
    }

    public Manifest {
        segments = List.copyOf(segments);
    }

    public static Manifest created(PointSchema schema) {
        return new Manifest(FORMAT_VERSION, schema, 0, null, null, List.of());
    }

    /** The manifest of a new generation whose segments are {@code newSegments}, the last one its own. */
    public Manifest withSegments(long newGeneration, List<Segment> newSegments, String newOptimizedRun) {
        return new Manifest(FORMAT_VERSION, schema, newGeneration, newSegments.get(newSegments.size() - 1).indexFile(),
                newOptimizedRun, newSegments);
    }

    /** The base segment of an incrementally consolidated generation, or null when the generation has one segment. */
    public Segment base() {
        return segments.size() > 1 ? segments.get(0) : null;
    }

    public String toJson() {
        ObjectNode json = JsonDocument.newObject();
        json.put("format", FORMAT);
        json.put("format_version", FORMAT_VERSION);
        ArrayNode columns = json.putArray("schema");
        for (int d = 0; d < schema.dimensions(); d++) {
            columns.addObject().put("name", schema.name(d)).put("type", schema.type(d).label());
        }
        json.put("generation", generation);
        json.put("index", indexFile);
        ArrayNode segmentList = json.putArray("segments");
        for (Segment segment : segments) {
            segmentList.addObject().put("index", segment.indexFile()).put("lookup_bytes", segment.lookupBytes());
        }
        json.put("optimized_run", optimizedRun);
        return JsonDocument.write(json);
    }

    /**
     * Creates the dataset with {@code schema} unless it already exists, and returns the manifest that won: when
     * several workers start a new dataset at once, exactly one schema is recorded and the others see it.
     */
    public static Manifest createOrRead(DatasetWorkspace workspace, PointSchema schema)
            throws IOException {
        Manifest created = created(schema);
        if (workspace.createIfAbsent(DatasetLayout.MANIFEST, created.toJson().getBytes(StandardCharsets.UTF_8))) {
            return created;
        }
        return readLocal(workspace.layout()).orElseThrow(() -> new PocaduckException("manifest of "
                + workspace.location() + " vanished while the dataset was being created"));
    }

    /** Replaces the manifest atomically: the one step that makes a new generation current. */
    public void write(DatasetWorkspace workspace) throws IOException {
        workspace.writeText(DatasetLayout.MANIFEST, toJson());
    }

    /** Reads the current manifest, or empty when the location holds none. */
    public static Optional<Manifest> read(DatasetWorkspace workspace) throws IOException {
        workspace.pull(DatasetLayout.MANIFEST);
        return readLocal(workspace.layout());
    }

    private static Optional<Manifest> readLocal(DatasetLayout layout) throws IOException {
        String json;
        try {
            json = Files.readString(layout.manifest(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(parse(json, layout.location()));
    }

    /** Reads the manifest of the dataset whose files are {@code files}, or empty when it holds none. */
    public static Optional<Manifest> read(DatasetFiles files) throws IOException {
        Optional<String> json = files.readText(DatasetLayout.MANIFEST);
        return json.isEmpty() ? Optional.empty() : Optional.of(parse(json.get(), files.location()));
    }

    /**
     * Parses and checks a manifest: every field present with its type, and the paths it names exactly the ones the
     * layout gives its generation and run, so that no manifest can point a reader outside the dataset.
     */
    private static Manifest parse(String json, String base) {
        JsonDocument manifest = JsonDocument.parse(json, base + "/" + DatasetLayout.MANIFEST);
        if (!FORMAT.equals(manifest.text("format", false))) {
            throw corrupt(base, "it does not say \"format\": \"" + FORMAT + "\"");
        }
        long version = manifest.integer("format_version", 0, Integer.MAX_VALUE);
        if (version < OLDEST_FORMAT_VERSION_READ || version > FORMAT_VERSION) {
            throw new PocaduckException("dataset at " + base + " has format version " + version + " (in " + base + "/"
                    + DatasetLayout.MANIFEST + "); this library reads versions " + OLDEST_FORMAT_VERSION_READ + " to "
                    + FORMAT_VERSION);
        }
        PointSchema.Builder schema = PointSchema.builder();
        List<JsonDocument.Element> columns = manifest.objects("schema");
        if (columns.isEmpty()) {
            throw corrupt(base, "its schema has no column");
        }
        try {
            for (JsonDocument.Element column : columns) {
                schema.column(column.text("name"), ColumnType.parse(column.text("type")));
            }
        } catch (IllegalArgumentException e) {
            throw corrupt(base, e.getMessage());
        }
        long generation = manifest.integer("generation", 0, Long.MAX_VALUE);
        String index = manifest.text("index", true);
        String expectedIndex = generation == 0 ? null : DatasetLayout.indexFile(generation);
        if (!Objects.equals(index, expectedIndex)) {
            throw corrupt(base, "its index is " + (index == null ? "null" : "\"" + index + "\"") + "; generation "
                    + generation + " has " + (expectedIndex == null ? "none" : "\"" + expectedIndex + "\""));
        }
        List<Segment> segments = segments(manifest, generation, index, base);
        String run = manifest.text("optimized_run", true);
        if (run != null && (!run.startsWith(DatasetLayout.COMPACT + "/")
                || DatasetLayout.runGeneration(run.substring(DatasetLayout.COMPACT.length() + 1)) < 1
                || DatasetLayout.runGeneration(run.substring(DatasetLayout.COMPACT.length() + 1)) >= generation)) {
            throw corrupt(base, "its optimized_run \"" + run + "\" is not compact/run-<generation> of a generation"
                    + " before " + generation);
        }
        return new Manifest((int) version, schema.build(), generation, index, run, segments);
    }

    /**
     * The segments a manifest lists (format 3), or its one index (formats 1 and 2). Each must be the index of a
     * generation up to this one, in increasing order, the last one this generation's own.
     */
    private static List<Segment> segments(JsonDocument manifest, long generation, String index, String base) {
        if (!manifest.has("segments")) {
            return index == null ? List.of() : List.of(new Segment(index, -1));
        }
        List<Segment> segments = new ArrayList<>();
        long previous = 0;
        for (JsonDocument.Element element : manifest.objects("segments")) {
            String file = element.text("index");
            long segmentGeneration = DatasetLayout.indexGeneration(DatasetWorkspace.fileName(file));
            if (segmentGeneration <= previous || segmentGeneration > generation
                    || !file.equals(DatasetLayout.indexFile(segmentGeneration))) {
                throw corrupt(base, "its segment \"" + file + "\" is not index/index-<generation>.duckdb of a"
                        + " generation after " + previous + " and up to " + generation);
            }
            segments.add(new Segment(file, element.integer("lookup_bytes", 0, Long.MAX_VALUE)));
            previous = segmentGeneration;
        }
        if (segments.size() > MAX_SEGMENTS || (index == null) != segments.isEmpty()
                || (index != null && !segments.get(segments.size() - 1).indexFile().equals(index))) {
            throw corrupt(base, "its segments " + segments.stream().map(Segment::indexFile).toList() + " are not"
                    + " up to " + MAX_SEGMENTS + " indexes ending with the generation's own, "
                    + (index == null ? "none" : index));
        }
        return segments;
    }

    private static PocaduckException corrupt(String base, String why) {
        return new PocaduckException("manifest " + base + "/" + DatasetLayout.MANIFEST + " is not a valid PoCADuck"
                + " manifest: " + why);
    }
}
