package org.pocaduck.internal.index;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.io.ArrowStreams;

/**
 * Read access to a consolidated index generation, safe for concurrent use: each call borrows one of a few DuckDB
 * connections (a DuckDB connection runs one statement at a time) with its prepared lookups.
 * Labels are bound as unsigned decimal text cast to UBIGINT, so every uint64 compares exactly.
 */
public final class DatasetIndex implements AutoCloseable {
    private static final String ALIAS = "idx";

    private final DuckDBConnection root;
    private final BlockingQueue<Session> sessions;
    private final List<Session> allSessions = new ArrayList<>();
    private final String[] files;

    private DatasetIndex(DuckDBConnection root, int connections) throws SQLException {
        this.root = root;
        this.sessions = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            Session session = new Session((DuckDBConnection) root.duplicate());
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

    private String[] loadFiles() throws SQLException {
        List<String> paths = new ArrayList<>();
        try (PreparedStatement statement = root.prepareStatement(
                "SELECT file FROM " + ALIAS + ".files ORDER BY file_id"); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                paths.add(rows.getString(1));
            }
        }
        return paths.toArray(String[]::new);
    }

    /** A part file's path relative to the dataset base. */
    public String file(int fileId) {
        return files[fileId];
    }

    public int fileCount() {
        return files.length;
    }

    /** Every label, in unsigned order (the labels table is stored sorted). */
    public long[] labels() {
        return withSession(session -> {
            long[] labels = new long[16];
            int count = 0;
            try (ResultSet rows = session.allLabels.executeQuery()) {
                while (rows.next()) {
                    if (count == labels.length) {
                        labels = Arrays.copyOf(labels, count * 2);
                    }
                    labels[count++] = rows.getLong(1);
                }
            }
            return Arrays.copyOf(labels, count);
        });
    }

    /** The label's point count, 0 when it was never written. */
    public long pointCount(long label) {
        return withSession(session -> {
            session.pointCount.setString(1, Long.toUnsignedString(label));
            try (ResultSet row = session.pointCount.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        });
    }

    /**
     * The label's distinct block ids in string order; empty when it was never written. The chunks table is stored
     * sorted by (label, block_id), so duplicates arrive next to each other and are dropped here.
     */
    public List<String> blocks(long label) {
        return withSession(session -> {
            session.blocks.setString(1, Long.toUnsignedString(label));
            List<String> blocks = new ArrayList<>();
            try (ResultSet rows = session.blocks.executeQuery()) {
                while (rows.next()) {
                    String block = rows.getString(1);
                    if (blocks.isEmpty() || !blocks.get(blocks.size() - 1).equals(block)) {
                        blocks.add(block);
                    }
                }
            }
            return blocks;
        });
    }

    /** The row ranges of one label. */
    public LabelRanges ranges(long label) {
        return withSession(session -> {
            session.ranges.setString(1, Long.toUnsignedString(label));
            try (ResultSet rows = session.ranges.executeQuery()) {
                RangeCollector collector = new RangeCollector();
                while (rows.next()) {
                    collector.add(rows.getInt(2), rows.getLong(3), rows.getInt(4));
                }
                return collector.build();
            }
        });
    }

    /**
     * The row ranges of many labels in one query: the labels go to DuckDB as an Arrow column and are joined with the
     * ranges table. Labels never written map to {@link LabelRanges#NONE}.
     */
    public Map<Long, LabelRanges> ranges(long[] labels) {
        return withSession(session -> {
            Map<Long, RangeCollector> collectors = new LinkedHashMap<>();
            for (long label : labels) {
                collectors.putIfAbsent(label, new RangeCollector());
            }
            Schema schema = new Schema(List.of(Field.notNullable("label", new ArrowType.Int(64, false))));
            ArrowStreams.scan(session.connection, "wanted_labels", schema, new LabelBatches(labels), () -> {
                try (PreparedStatement statement = session.connection.prepareStatement(
                        "SELECT r.label, r.file_id, r.row_start, r.row_count FROM " + ALIAS + ".ranges r"
                                + " SEMI JOIN wanted_labels w ON r.label = w.label ORDER BY r.label, r.file_id");
                        ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        collectors.get(rows.getLong(1)).add(rows.getInt(2), rows.getLong(3), rows.getInt(4));
                    }
                }
            });
            Map<Long, LabelRanges> ranges = new LinkedHashMap<>();
            collectors.forEach((label, collector) -> ranges.put(label, collector.build()));
            return ranges;
        });
    }

    private interface SessionWork<T> {
        T run(Session session) throws SQLException;
    }

    private <T> T withSession(SessionWork<T> work) {
        Session session;
        try {
            session = sessions.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PocaduckIOException("interrupted while waiting for an index connection", e);
        }
        try {
            return work.run(session);
        } catch (SQLException e) {
            throw DuckDb.failure("index lookup", e);
        } finally {
            sessions.add(session);
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
        final PreparedStatement allLabels;
        final PreparedStatement pointCount;
        final PreparedStatement blocks;
        final PreparedStatement ranges;

        Session(DuckDBConnection connection) throws SQLException {
            this.connection = connection;
            // Tables are created with ORDER BY and DuckDB scans preserve insertion order, so no sort is needed here.
            allLabels = connection.prepareStatement("SELECT label FROM " + ALIAS + ".labels");
            pointCount = connection.prepareStatement(
                    "SELECT point_count FROM " + ALIAS + ".labels WHERE label = ?::UBIGINT");
            blocks = connection.prepareStatement("SELECT block_id FROM " + ALIAS + ".chunks WHERE label = ?::UBIGINT");
            ranges = connection.prepareStatement("SELECT label, file_id, row_start, row_count FROM " + ALIAS
                    + ".ranges WHERE label = ?::UBIGINT");
        }
    }

    /** Gathers one label's ranges as they stream out of DuckDB. */
    private static final class RangeCollector {
        private int[] fileIds = new int[4];
        private long[] rowStarts = new long[4];
        private int[] rowCounts = new int[4];
        private int size;

        void add(int fileId, long rowStart, int rowCount) {
            if (size == fileIds.length) {
                fileIds = Arrays.copyOf(fileIds, size * 2);
                rowStarts = Arrays.copyOf(rowStarts, size * 2);
                rowCounts = Arrays.copyOf(rowCounts, size * 2);
            }
            fileIds[size] = fileId;
            rowStarts[size] = rowStart;
            rowCounts[size] = rowCount;
            size++;
        }

        LabelRanges build() {
            return size == 0 ? LabelRanges.NONE : new LabelRanges(Arrays.copyOf(fileIds, size),
                    Arrays.copyOf(rowStarts, size), Arrays.copyOf(rowCounts, size));
        }
    }

    /** Streams the wanted labels as one UInt64 column. */
    private static final class LabelBatches implements ArrowStreams.BatchFiller {
        private final long[] labels;
        private int next;

        LabelBatches(long[] labels) {
            this.labels = labels;
        }

        @Override
        public int fill(VectorSchemaRoot root, int maxRows) {
            int rows = Math.min(maxRows, labels.length - next);
            if (rows == 0) {
                return 0;
            }
            UInt8Vector vector = (UInt8Vector) root.getVector(0);
            ArrowStreams.allocate(vector, rows);
            for (int i = 0; i < rows; i++) {
                vector.getDataBuffer().setLong((long) i * 8, labels[next + i]);
            }
            vector.setValueCount(rows);
            next += rows;
            return rows;
        }
    }
}
