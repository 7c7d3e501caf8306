package org.pocaduck.internal.index;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.duckdb.DuckDBConnection;
import org.pocaduck.PocaduckIOException;

/**
 * Read access to a consolidated index generation in DuckDB, safe for concurrent use: each call borrows one of a few
 * connections (a DuckDB connection runs one statement at a time) with its prepared lookup. Counts and row ranges are
 * answered by the generation's {@link LabelIndex}; this serves the chunks of label ranges and part-file paths and
 * layouts to writers (optimization) and to {@code verify}.
 * Labels are bound as unsigned decimal text cast to UBIGINT, so every uint64 compares exactly.
 */
public final class DatasetIndex implements AutoCloseable {
    private static final String ALIAS = "idx";

    private final DuckDBConnection root;
    private final BlockingQueue<Session> sessions;
    private final List<Session> allSessions = new ArrayList<>();
    private final List<IndexedFile> files;
    /** Whether the generation stores its part files' layouts; one written before they were kept does not. */
    private final boolean hasLayouts;
    /** The point columns whose bounds order a label's chunks in space: the first three (fewer if there are fewer). */
    private final int spatialColumns;

    private DatasetIndex(DuckDBConnection root, int connections) throws SQLException {
        this.root = root;
        this.sessions = new ArrayBlockingQueue<>(connections);
        this.hasLayouts = DuckDb.hasColumn(root, ALIAS, "files", "layout");
        int columns = 0;
        while (columns < LabelChunks.SPATIAL_COLUMNS && DuckDb.hasColumn(root, ALIAS, "chunks", "min_" + columns)) {
            columns++;
        }
        this.spatialColumns = columns;
        for (int i = 0; i < connections; i++) {
            Session session = new Session((DuckDBConnection) root.duplicate(), hasLayouts, spatialColumns);
            allSessions.add(session);
            sessions.add(session);
        }
        this.files = loadFiles();
    }

    /** Opens an index file read-only. */
    public static DatasetIndex open(Path indexFile) {
        DuckDBConnection root = DuckDb.openInMemory();
        try {
            // Lookups touch one row group each; a single thread avoids scheduling overhead that would dominate them.
            DuckDb.execute(root, "SET threads = 1");
            DuckDb.attach(root, indexFile, ALIAS, true);
            return new DatasetIndex(root, Math.max(2, Runtime.getRuntime().availableProcessors()));
        } catch (SQLException e) {
            try {
                root.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw DuckDb.failure("opening index " + indexFile, e);
        }
    }

    /** A part file as the index recorded it when it was committed. */
    public record IndexedFile(String path, long points, long bytes) {
    }

    private List<IndexedFile> loadFiles() throws SQLException {
        List<IndexedFile> indexed = new ArrayList<>();
        try (PreparedStatement statement = root.prepareStatement("SELECT file, point_count, byte_size FROM " + ALIAS
                + ".files ORDER BY file_id"); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                indexed.add(new IndexedFile(rows.getString(1), rows.getLong(2), rows.getLong(3)));
            }
        }
        return List.copyOf(indexed);
    }

    /** A part file's path relative to the dataset base. */
    public String file(int fileId) {
        return files.get(fileId).path();
    }

    /**
     * The part file's row-group layout as consolidation stored it ({@code ParquetFile.layout()}), or null when the
     * index has none for it (files written before layouts were kept): then its footer must be read.
     */
    public byte[] layout(int fileId) {
        if (!hasLayouts) {
            return null;
        }
        Session session = borrow();
        try {
            session.layout.setInt(1, fileId);
            try (ResultSet row = session.layout.executeQuery()) {
                return row.next() ? row.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw DuckDb.failure("layout lookup of part file " + file(fileId), e);
        } finally {
            sessions.add(session);
        }
    }

    /** Every part file, indexed by file id. */
    public List<IndexedFile> files() {
        return files;
    }

    /**
     * The chunk rows of the labels from {@code first} to {@code last} (inclusive, unsigned): labels in unsigned order,
     * each label's chunks in {@linkplain LabelChunks#orderSpatially() spatial order}.
     */
    public LabelChunks chunks(long first, long last) {
        Session session = borrow();
        try {
            String from = Long.toUnsignedString(first);
            String to = Long.toUnsignedString(last);
            session.chunkBlocks.setString(1, from);
            session.chunkBlocks.setString(2, to);
            List<String> blockIds = new ArrayList<>();
            try (ResultSet rows = session.chunkBlocks.executeQuery()) {
                while (rows.next()) {
                    blockIds.add(rows.getString(1));
                }
            }
            for (int p = 1; p <= 4; p += 2) {
                session.chunks.setString(p, from);
                session.chunks.setString(p + 1, to);
            }
            LabelChunks chunks = new LabelChunks(blockIds, spatialColumns);
            double[] min = new double[spatialColumns];
            double[] max = new double[spatialColumns];
            try (ResultSet rows = session.chunks.executeQuery()) {
                while (rows.next()) {
                    for (int d = 0; d < spatialColumns; d++) {
                        min[d] = rows.getDouble(6 + 2 * d);
                        max[d] = rows.getDouble(7 + 2 * d);
                    }
                    chunks.add(rows.getLong(1), rows.getInt(2), rows.getInt(3), rows.getLong(4), rows.getInt(5),
                            min, max);
                }
            }
            chunks.orderSpatially();
            return chunks;
        } catch (SQLException e) {
            throw DuckDb.failure("chunk lookup of labels " + Long.toUnsignedString(first) + " to "
                    + Long.toUnsignedString(last), e);
        } finally {
            sessions.add(session);
        }
    }

    private Session borrow() {
        try {
            return sessions.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PocaduckIOException("interrupted while waiting for an index connection", e);
        }
    }

    @Override
    public void close() {
        try {
            for (Session session : allSessions) {
                session.connection.close();
            }
            root.close();
        } catch (SQLException e) {
            throw DuckDb.failure("closing the index", e);
        }
    }

    /** One connection with the lookups prepared on it. */
    private static final class Session {
        final DuckDBConnection connection;
        final PreparedStatement chunkBlocks;
        final PreparedStatement chunks;
        final PreparedStatement layout;

        Session(DuckDBConnection connection, boolean hasLayouts, int spatialColumns) throws SQLException {
            this.connection = connection;
            layout = hasLayouts ? connection.prepareStatement("SELECT layout FROM " + ALIAS + ".files WHERE file_id = ?")
                    : null;
            // Blocks travel as their rank among the range's sorted block ids: numbers cross JDBC far faster than
            // strings, and each distinct block id is read once.
            String blocksInRange = "SELECT DISTINCT block_id FROM " + ALIAS + ".chunks"
                    + " WHERE label BETWEEN ?::UBIGINT AND ?::UBIGINT";
            chunkBlocks = connection.prepareStatement(blocksInRange + " ORDER BY block_id");
            StringBuilder bounds = new StringBuilder();
            for (int d = 0; d < spatialColumns; d++) {
                bounds.append(", c.min_").append(d).append(", c.max_").append(d);
            }
            chunks = connection.prepareStatement("SELECT c.label, b.number, c.file_id, c.row_start, c.point_count"
                    + bounds + " FROM " + ALIAS + ".chunks c JOIN (SELECT block_id,"
                    + " (row_number() OVER (ORDER BY block_id) - 1)::INTEGER AS number FROM (" + blocksInRange + "))"
                    + " b USING (block_id) WHERE c.label BETWEEN ?::UBIGINT AND ?::UBIGINT"
                    + " ORDER BY c.label, c.block_id, c.file_id, c.row_start");
        }
    }
}
