package org.pocaduck.internal.index;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.pocaduck.PocaduckException;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * The part files of a consolidated generation, by file id, with each file's full layout where the generation kept it
 * (null: its footer must be read). Taken from the generation's list of part files ({@code files.parquet}), which a
 * generation needs anyway, so that optimizing and cleaning up never read its DuckDB index; from the DuckDB index for a
 * generation written by format 4 or earlier, and by {@code verify}, which checks one against the other.
 *
 * <p>Why the format matters: a list is Parquet written by DuckDB, without checksums. Since format 5 every row holds the
 * file's layout, whose checksums a read checks the file's bytes against, so a damaged path or size cannot make a read
 * return another file's points; an older list has no layouts, and its DuckDB index (every block checksummed) is read
 * instead.
 */
public final class GenerationFiles {
    private static final String ALIAS = "generation";

    /** A part file as the generation recorded it when it was committed. */
    public record PartFile(String path, long points, long bytes, byte[] layout) {
        /** The file without its layout, for comparing lists. */
        public PartFile withoutLayout() {
            return layout == null ? this : new PartFile(path, points, bytes, null);
        }
    }

    private final List<PartFile> files;

    private GenerationFiles(List<PartFile> files) {
        this.files = List.copyOf(files);
    }

    /**
     * The part files of the generation (or segment) whose DuckDB index has key {@code indexFile}: every file of the
     * generation, the base segment's first when it has two.
     *
     * @throws PocaduckException if neither its list nor (format 1) its DuckDB index can be found
     */
    public static GenerationFiles of(DatasetWorkspace workspace, String indexFile) throws IOException {
        String list = DatasetLayout.liveFiles(indexFile);
        if (workspace.pull(list)) {
            Path local = workspace.local(list);
            try (DuckDBConnection duck = DuckDb.openInMemory()) {
                if (keepsLayouts(duck, local.toString())) {
                    return readList(duck, local, true);
                }
            } catch (SQLException e) {
                throw DuckDb.failure("reading the list of part files " + local, e);
            }
        }
        if (workspace.pull(indexFile)) {
            return ofDuckDbIndex(workspace.local(indexFile));
        }
        throw new PocaduckException("generation " + indexFile + " of " + workspace.location() + " has neither a"
                + " list of its part files with their layouts nor its DuckDB index");
    }

    /** The files a list of part files ({@code files.parquet}) names, in its order; without layouts before format 5. */
    public static GenerationFiles ofList(Path list) {
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            return readList(duck, list, keepsLayouts(duck, list.toString()));
        } catch (SQLException e) {
            throw DuckDb.failure("reading the list of part files " + list, e);
        }
    }

    /** Whether a list of part files gives each file's source and layout (format 5 and later). */
    static boolean keepsLayouts(Connection duck, String list) throws SQLException {
        return DuckDb.queryLong(duck, "SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet(?))"
                + " WHERE column_name IN ('source', 'layout')", list) == 2;
    }

    private static GenerationFiles readList(DuckDBConnection duck, Path list, boolean layouts) throws SQLException {
        return new GenerationFiles(read(duck, "SELECT file, point_count, byte_size, " + (layouts ? "layout"
                : "NULL::BLOB") + " FROM read_parquet(?, file_row_number = true) ORDER BY file_row_number",
                list.toString()));
    }

    /** The files table of a generation's DuckDB index, in file id order. */
    public static GenerationFiles ofDuckDbIndex(Path indexFile) {
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            DuckDb.attach(duck, indexFile, ALIAS, true);
            boolean layouts = DuckDb.hasColumn(duck, ALIAS, "files", "layout");
            return new GenerationFiles(read(duck, "SELECT file, point_count, byte_size, " + (layouts ? "layout"
                    : "NULL::BLOB") + " FROM " + ALIAS + ".files ORDER BY file_id"));
        } catch (SQLException e) {
            throw DuckDb.failure("reading the part files of index " + indexFile, e);
        }
    }

    private static List<PartFile> read(DuckDBConnection duck, String sql, String... parameters) throws SQLException {
        List<PartFile> files = new ArrayList<>();
        try (PreparedStatement statement = duck.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    files.add(new PartFile(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getBytes(4)));
                }
            }
        }
        return files;
    }

    /** Every part file, indexed by file id. */
    public List<PartFile> files() {
        return files;
    }

    public PartFile get(int fileId) {
        return files.get(fileId);
    }

    public int size() {
        return files.size();
    }
}
