package org.pocaduck.internal.upstream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.pocaduck.DatasetFormat;
import org.pocaduck.DatasetNotFoundException;
import org.pocaduck.PocaduckException;
import org.pocaduck.internal.index.DuckDb;

/**
 * One index of a Python dataset ({@code unified_index.db} or {@code optimized/optimized_index.db}), copied at open
 * into an in-memory table sorted by label, so that the dataset's files are only ever opened read-only and briefly.
 * A write-ahead log left next to the index by a crashed Python writer is replayed in memory by the read-only attach;
 * nothing is written (checked with DuckDB 2.0).
 *
 * <p>Labels: the Python library stores them as UBIGINT in its ingest indexes, as signed BIGINT in its optimized index
 * and as signed int64 in Parquet. Every label is kept here as its 64 bits (a Java {@code long}), so that all three
 * compare equal for the value the user wrote, ≥ 2^63 included.
 *
 * <p>Repeated rows: the Python consolidation appends every worker's rows to the existing unified index, so running it
 * twice doubles every row. A row's {@code copies} is its number of occurrences divided by the greatest common divisor
 * of the occurrence counts of all rows of the same worker directory — 1 for a row repeated only by repeated
 * consolidation, while a (label, block) genuinely written twice into one file keeps both rows. Counts use
 * {@code copies}; {@link #repeatedRows} names the rest.
 */
final class UpstreamIndex implements AutoCloseable {
    private static final String ALIAS = "idx";
    /** The 64 bits of a UBIGINT as a BIGINT: values ≥ 2^63 become negative, as in a Java long. */
    private static final String UBIGINT_BITS = "CASE WHEN label >= 9223372036854775808"
            + " THEN (label - 9223372036854775808)::BIGINT - 9223372036854775807 - 1 ELSE label::BIGINT END";

    private final UpstreamLayout layout;
    private final DatasetFormat format;
    private final Path file;
    private final ConnectionPool pool;
    private final long incompleteRows;

    private UpstreamIndex(UpstreamLayout layout, DatasetFormat format, Path file, ConnectionPool pool,
            long incompleteRows) {
        this.layout = layout;
        this.format = format;
        this.file = file;
        this.pool = pool;
        this.incompleteRows = incompleteRows;
    }

    /** A repeated index row: {@code repeats} occurrences, of which {@code copies} are counted. */
    record RepeatedRow(long label, String blockId, String filePath, long pointCount, long repeats, long copies) {
    }

    /** Every label with its point count, in unsigned label order. */
    record LabelCounts(long[] labels, long[] counts) {
    }

    /** Totals over the whole index. */
    record Totals(long labels, long points, long blocks, long files) {
    }

    /**
     * Copies the index of {@code format}'s layout into memory.
     *
     * @throws DatasetNotFoundException if that index file does not exist
     */
    static UpstreamIndex open(UpstreamLayout layout, DatasetFormat format) {
        Path file = layout.index(format);
        if (!Files.isRegularFile(file)) {
            throw new DatasetNotFoundException("Python PoCADuck dataset " + layout.base() + " has no index " + file
                    + "; run its Ingestor.consolidate_indexes after the workers have finished");
        }
        DuckDBConnection root = DuckDb.openInMemory();
        try {
            // Read-only: the dataset may be on read-only storage and must never be modified.
            DuckDb.attach(root, file, ALIAS, true);
            long incomplete;
            try {
                String labelType = columnType(root, "label");
                if (labelType == null || columnType(root, "file_path") == null) {
                    throw new PocaduckException("index " + file + " has no table point_cloud_index(label, ...,"
                            + " file_path, point_count); expected an index written by the Python PoCADuck");
                }
                String label = labelType.equals("UBIGINT") ? UBIGINT_BITS : "label::BIGINT";
                String block = columnType(root, "block_id") == null ? "NULL::VARCHAR" : "block_id::VARCHAR";
                DuckDb.execute(root, "CREATE TABLE raw AS SELECT " + label + " AS label, " + block + " AS block_id,"
                        + " file_path, point_count::BIGINT AS point_count, count(*) AS repeats"
                        + " FROM " + ALIAS + ".point_cloud_index WHERE label IS NOT NULL AND file_path IS NOT NULL"
                        + " GROUP BY ALL");
                incomplete = longValue(root, "SELECT count(*) FROM " + ALIAS + ".point_cloud_index"
                        + " WHERE label IS NULL OR file_path IS NULL");
            } finally {
                DuckDb.execute(root, "DETACH " + ALIAS);
            }
            DuckDb.execute(root, "CREATE TABLE pieces AS"
                    + " WITH located AS (SELECT *, regexp_replace(file_path, '[^/\\\\]*$', '') AS directory,"
                    + "   try_cast(regexp_extract(file_path, '(\\d+)\\.parquet$', 1) AS BIGINT) AS file_number"
                    + "   FROM raw),"
                    + " factors AS (SELECT directory,"
                    + "   list_reduce(list(DISTINCT repeats), lambda a, b: gcd(a, b)) AS factor"
                    + "   FROM located GROUP BY directory)"
                    + " SELECT l.label, l.block_id, l.file_path, l.point_count, l.repeats,"
                    + "   l.repeats // f.factor AS copies,"
                    + "   dense_rank() OVER (ORDER BY l.directory, l.file_number NULLS LAST, l.file_path) AS file_rank"
                    + " FROM located l JOIN factors f USING (directory)"
                    + " ORDER BY l.label, file_rank");
            DuckDb.execute(root, "DROP TABLE raw");
            return new UpstreamIndex(layout, format, file,
                    new ConnectionPool(root, Math.max(2, Runtime.getRuntime().availableProcessors())), incomplete);
        } catch (SQLException | RuntimeException e) {
            try {
                root.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof SQLException sql) {
                throw DuckDb.failure("reading index " + file, sql);
            }
            throw (RuntimeException) e;
        }
    }

    private static String columnType(DuckDBConnection duck, String column) throws SQLException {
        try (PreparedStatement statement = duck.prepareStatement("SELECT data_type FROM duckdb_columns()"
                + " WHERE database_name = ? AND table_name = 'point_cloud_index' AND column_name = ?")) {
            statement.setString(1, ALIAS);
            statement.setString(2, column);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static long longValue(DuckDBConnection duck, String sql) throws SQLException {
        try (PreparedStatement statement = duck.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    DatasetFormat format() {
        return format;
    }

    /** The index file read. */
    Path file() {
        return file;
    }

    ConnectionPool connections() {
        return pool;
    }

    /** Index rows without a label or file, which no query can reach. */
    long incompleteRows() {
        return incompleteRows;
    }

    /** Every label in unsigned order (non-negative bits first, then the labels ≥ 2^63). */
    long[] labels() {
        return pool.run("listing the labels of " + file, duck -> {
            List<Long> labels = new ArrayList<>();
            try (PreparedStatement statement = duck.prepareStatement(
                    "SELECT DISTINCT label FROM pieces ORDER BY label < 0, label");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    labels.add(rows.getLong(1));
                }
            }
            return labels.stream().mapToLong(Long::longValue).toArray();
        });
    }

    /** Every label's point count, in unsigned label order. */
    LabelCounts labelCounts() {
        return pool.run("counting the points of " + file, duck -> {
            List<long[]> rows = new ArrayList<>();
            try (PreparedStatement statement = duck.prepareStatement("SELECT label, sum(point_count * copies)::BIGINT"
                    + " FROM pieces GROUP BY label ORDER BY label < 0, label");
                    ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new long[] {result.getLong(1), result.getLong(2)});
                }
            }
            return new LabelCounts(rows.stream().mapToLong(row -> row[0]).toArray(),
                    rows.stream().mapToLong(row -> row[1]).toArray());
        });
    }

    long pointCount(long label) {
        return pool.run("counting the points of label " + Long.toUnsignedString(label), duck -> {
            try (PreparedStatement statement = duck.prepareStatement(
                    "SELECT coalesce(sum(point_count * copies), 0)::BIGINT FROM pieces WHERE label = ?")) {
                statement.setLong(1, label);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    List<String> blocks(long label) {
        return pool.run("listing the blocks of label " + Long.toUnsignedString(label), duck -> {
            List<String> blocks = new ArrayList<>();
            try (PreparedStatement statement = duck.prepareStatement("SELECT DISTINCT block_id FROM pieces"
                    + " WHERE label = ? AND block_id IS NOT NULL ORDER BY block_id")) {
                statement.setLong(1, label);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        blocks.add(rows.getString(1));
                    }
                }
            }
            return blocks;
        });
    }

    /** The labels with index rows in the block, in unsigned order. */
    long[] labelsInBlock(String blockId) {
        return pool.run("listing the labels of block " + blockId, duck -> {
            List<Long> labels = new ArrayList<>();
            try (PreparedStatement statement = duck.prepareStatement(
                    "SELECT DISTINCT label FROM pieces WHERE block_id = ? ORDER BY label < 0, label")) {
                statement.setString(1, blockId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        labels.add(rows.getLong(1));
                    }
                }
            }
            return labels.stream().mapToLong(Long::longValue).toArray();
        });
    }

    /** The files (stored paths) holding any of the labels, in file order, each with the labels it holds. */
    Map<String, long[]> filesOf(long[] labels) {
        return pool.run("finding the files of " + labels.length + " labels", duck -> {
            Map<String, long[]> files = new LinkedHashMap<>();
            Long[] boxed = new Long[labels.length];
            for (int i = 0; i < labels.length; i++) {
                boxed[i] = labels[i];
            }
            Array wanted = duck.createArrayOf("BIGINT", boxed);
            try (PreparedStatement statement = duck.prepareStatement("SELECT file_path, list(DISTINCT label)"
                    + " FROM pieces WHERE label = ANY(?) GROUP BY file_rank, file_path ORDER BY file_rank")) {
                statement.setArray(1, wanted);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        files.put(rows.getString(1), longs((Object[]) rows.getArray(2).getArray()));
                    }
                }
            }
            return files;
        });
    }

    /** Every file the index names (stored paths), in file order. */
    List<String> files() {
        return pool.run("listing the files of " + file, duck -> {
            List<String> files = new ArrayList<>();
            try (PreparedStatement statement = duck.prepareStatement(
                    "SELECT DISTINCT file_rank, file_path FROM pieces ORDER BY file_rank");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    files.add(rows.getString(2));
                }
            }
            return files;
        });
    }

    /** Every file (stored path) in file order, with the points the index gives it. */
    Map<String, Long> filePoints() {
        return pool.run("listing the files of " + file, duck -> {
            Map<String, Long> files = new LinkedHashMap<>();
            try (PreparedStatement statement = duck.prepareStatement("SELECT file_path,"
                    + " sum(point_count * copies)::BIGINT FROM pieces GROUP BY file_rank, file_path ORDER BY file_rank");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    files.put(rows.getString(1), rows.getLong(2));
                }
            }
            return files;
        });
    }

    /** The labels the index lists for each of the files (stored paths), in file order. */
    Map<String, long[]> labelsIn(List<String> storedPaths) {
        return pool.run("finding the labels of " + storedPaths.size() + " files", duck -> {
            Map<String, long[]> files = new LinkedHashMap<>();
            Array wanted = duck.createArrayOf("VARCHAR", storedPaths.toArray(String[]::new));
            try (PreparedStatement statement = duck.prepareStatement("SELECT file_path, list(DISTINCT label)"
                    + " FROM pieces WHERE file_path IN (SELECT unnest(?)) GROUP BY file_rank, file_path"
                    + " ORDER BY file_rank")) {
                statement.setArray(1, wanted);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        files.put(rows.getString(1), longs((Object[]) rows.getArray(2).getArray()));
                    }
                }
            }
            return files;
        });
    }

    private static long[] longs(Object[] values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = ((Number) values[i]).longValue();
        }
        return longs;
    }

    /** The points each label has in one file (stored path), by the index. */
    Map<Long, Long> pointsInFile(String storedPath) {
        return pool.run("reading the index rows of " + storedPath, duck -> {
            Map<Long, Long> counts = new LinkedHashMap<>();
            try (PreparedStatement statement = duck.prepareStatement("SELECT label, sum(point_count * copies)::BIGINT"
                    + " FROM pieces WHERE file_path = ? GROUP BY label ORDER BY label < 0, label")) {
                statement.setString(1, storedPath);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getLong(1), rows.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    Totals totals() {
        return pool.run("summing up " + file, duck -> {
            try (PreparedStatement statement = duck.prepareStatement("SELECT count(DISTINCT label),"
                    + " coalesce(sum(point_count * copies), 0)::BIGINT, count(DISTINCT block_id),"
                    + " count(DISTINCT file_path) FROM pieces"); ResultSet row = statement.executeQuery()) {
                row.next();
                return new Totals(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
            }
        });
    }

    /** The number of distinct rows that occur more often than they are counted. */
    long repeatedRowCount() {
        return pool.run("counting repeated rows of " + file, duck -> {
            try (PreparedStatement statement = duck.prepareStatement(
                    "SELECT count(*) FROM pieces WHERE repeats > copies"); ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** Up to {@code limit} rows that occur more often than they are counted, in file and label order. */
    List<RepeatedRow> repeatedRows(int limit) {
        return pool.run("finding repeated rows of " + file, duck -> {
            List<RepeatedRow> repeated = new ArrayList<>();
            try (PreparedStatement statement = duck.prepareStatement("SELECT label, block_id, file_path,"
                    + " point_count, repeats, copies FROM pieces WHERE repeats > copies"
                    + " ORDER BY file_rank, label < 0, label, block_id LIMIT ?")) {
                statement.setInt(1, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        repeated.add(new RepeatedRow(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getLong(4), rows.getLong(5), rows.getLong(6)));
                    }
                }
            }
            return repeated;
        });
    }

    UpstreamLayout layout() {
        return layout;
    }

    @Override
    public void close() {
        pool.close();
    }
}
