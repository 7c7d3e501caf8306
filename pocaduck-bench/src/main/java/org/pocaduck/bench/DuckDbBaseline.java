package org.pocaduck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.pocaduck.IngestorOptions;
import org.pocaduck.PointCloud;

/**
 * DuckDB's own speed on this machine for the same points, with no library in between: how fast it writes them to
 * one zstd Parquet file, and how fast it reads one label back, by label filter and by a known row range, from that
 * file and from one as large as a default part file. The gap between these figures and the library's shows what the library's
 * own work costs.
 */
final class DuckDbBaseline implements AutoCloseable {
    private static final int COPY_RUNS = 3;
    private static final int WARM_UP_READS = 3;
    private static final int ARROW_BATCH_ROWS = 1 << 16;
    /** 2^64 as a DuckDB literal: adding it to a negative BIGINT gives the unsigned value of the same bits. */
    private static final String TWO_TO_THE_64 = "18446744073709551616";

    private final SyntheticVolume volume;
    /** Every point in one file: what COPY writes, and what the reads read first. */
    private final Path file;
    /** The rows around one label, as many as a default part file holds. */
    private final Path partFile;
    private final DuckDBConnection connection;
    private final BufferAllocator allocator = new RootAllocator();

    /** The raw figures that are set against the library's. */
    record Headlines(double copyRowsPerSecond, double fileBytesPerPoint, double smallByLabelP50Millis,
            double smallByRangeP50Millis, double largestByLabelPointsPerSecond, double largestByRangePointsPerSecond) {
    }

    private DuckDbBaseline(SyntheticVolume volume, Path workDir) throws SQLException {
        this.volume = volume;
        this.file = workDir.resolve("duckdb-baseline.parquet");
        this.partFile = workDir.resolve("duckdb-baseline-part.parquet");
        this.connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    }

    static Headlines run(SyntheticVolume volume, Path workDir, int readCalls, int smallLabel, int largestLabel,
            Report report) {
        try (DuckDbBaseline baseline = new DuckDbBaseline(volume, workDir)) {
            ReportTable table = report.table("DuckDB alone, same points (label UBIGINT, block_id, x, y, z BIGINT)",
                    "operation", "rows", "p50 ms", "p95 ms", "max ms", "rows/s");
            double copyRate = baseline.loadAndCopy(table);
            ReportTable reads = report.table("DuckDB alone: read one label (into long[] via Arrow)",
                    "query", "file", "label", "rows", "calls", "p50 ms", "p95 ms", "max ms", "points/s");
            LatencyStats[] small = baseline.readLabel(smallLabel, readCalls, reads);
            LatencyStats[] largest = baseline.readLabel(largestLabel, Math.max(3, readCalls / 4), reads);
            reads.note("Each label is read from the file COPY wrote and, when the volume is larger than one default "
                    + "part file (" + IngestorOptions.DEFAULT_MAX_POINTS_PER_FILE + " points), from a file of the "
                    + "part-file size cut from the sorted rows around it; the Targets table quotes the latter. "
                    + "`label = ?` lets DuckDB prune row groups by the label column's statistics; the row range "
                    + "(`file_row_number BETWEEN ? AND ?`) is what an index of row ranges allows. "
                    + "Parquet metadata cache on; " + baseline.threads() + " DuckDB threads.");
            double largestSize = volume.labelSize(largestLabel);
            return new Headlines(copyRate, (double) baseline.fileSize() / volume.pointCount(),
                    small[0].p50Millis(), small[1].p50Millis(),
                    largestSize / (largest[0].p50Millis() / 1e3), largestSize / (largest[1].p50Millis() / 1e3));
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB baseline failed: " + e.getMessage(), e);
        }
    }

    /** Loads the points into an in-memory table sorted like a part file, then times COPY to Parquet. */
    private double loadAndCopy(ReportTable table) throws SQLException {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET parquet_metadata_cache = true");
            statement.execute("CREATE TABLE staging (label_bits BIGINT, block_id VARCHAR, x BIGINT, y BIGINT, "
                    + "z BIGINT)");
            appendAll();
            statement.execute("CREATE TABLE points AS SELECT CAST(CASE WHEN label_bits < 0 THEN label_bits::HUGEINT + "
                    + TWO_TO_THE_64 + " ELSE label_bits END AS UBIGINT) AS label, block_id, x, y, z "
                    + "FROM staging ORDER BY label, block_id");
            statement.execute("DROP TABLE staging");
        }
        long rows = volume.pointCount();
        double loadMillis = (System.nanoTime() - start) / 1e6;
        table.row("load into an in-memory table (not counted)", rows, loadMillis, Double.NaN, Double.NaN,
                rows / (loadMillis / 1e3));

        long[] durations = new long[COPY_RUNS];
        try (PreparedStatement copy = connection.prepareStatement("COPY (SELECT * FROM points) TO (?) "
                + "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE " + IngestorOptions.DEFAULT_ROW_GROUP_SIZE + ")")) {
            copy.setString(1, file.toString());
            for (int run = 0; run < COPY_RUNS; run++) {
                deleteFile(file);
                long copyStart = System.nanoTime();
                copy.execute();
                durations[run] = System.nanoTime() - copyStart;
            }
        }
        LatencyStats copies = LatencyStats.of(durations, COPY_RUNS);
        double rate = rows / (copies.p50Millis() / 1e3);
        table.row("COPY TO parquet, zstd (" + COPY_RUNS + " runs)", rows, copies.p50Millis(), copies.p95Millis(),
                copies.maxMillis(), rate);
        table.note("Parquet file: " + fileSize() + " bytes, "
                + String.format(Locale.ROOT, "%.2f", (double) fileSize() / rows) + " bytes/point "
                + "(one file, row groups of " + IngestorOptions.DEFAULT_ROW_GROUP_SIZE + ").");
        return rate;
    }

    private void appendAll() throws SQLException {
        try (DuckDBAppender appender = connection.createAppender("main", "staging")) {
            for (int block = 0; block < volume.blockCount(); block++) {
                String blockId = volume.blockId(block);
                for (int chunk = volume.firstChunkOf(block); chunk < volume.firstChunkOf(block + 1); chunk++) {
                    PointCloud points = volume.chunkColumns(chunk);
                    LongBuffer x = points.longColumn(0);
                    LongBuffer y = points.longColumn(1);
                    LongBuffer z = points.longColumn(2);
                    for (int i = 0; i < points.size(); i++) {
                        appender.beginRow().append(volume.chunkLabel(chunk)).append(blockId)
                                .append(x.get(i)).append(y.get(i)).append(z.get(i)).endRow();
                    }
                }
            }
        }
    }

    /**
     * Times reading the label by label filter and by row range, from the whole file and, if the volume exceeds one
     * part file, from a part-sized file around the label. Returns the figures of the smaller file: by label filter,
     * then by row range.
     */
    private LatencyStats[] readLabel(int labelIndex, int calls, ReportTable table) throws SQLException {
        long[] labelRows = labelRowsInTable(labelIndex);
        long total = volume.pointCount();
        LatencyStats[] whole = readLabel(labelIndex, labelRows, file, 0, total, calls, table);
        long window = IngestorOptions.DEFAULT_MAX_POINTS_PER_FILE;
        if (total <= window) {
            return whole;
        }
        long first = Math.max(0, Math.min(labelRows[0] - (window - labelRows[1]) / 2, total - window));
        deleteFile(partFile);
        try (PreparedStatement copy = connection.prepareStatement("COPY (SELECT * FROM points WHERE rowid BETWEEN ? "
                + "AND ?) TO (?) (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE "
                + IngestorOptions.DEFAULT_ROW_GROUP_SIZE + ")")) {
            copy.setLong(1, first);
            copy.setLong(2, first + window - 1);
            copy.setString(3, partFile.toString());
            copy.execute();
        }
        return readLabel(labelIndex, labelRows, partFile, first, window, calls, table);
    }

    /** Times both reads of the label from a file holding the sorted table's rows from {@code firstRow} on. */
    private LatencyStats[] readLabel(int labelIndex, long[] labelRows, Path source, long firstRow, long rows,
            int calls, ReportTable table) throws SQLException {
        String description = String.format(Locale.ROOT, "%,d rows, %d row groups", rows,
                (rows + IngestorOptions.DEFAULT_ROW_GROUP_SIZE - 1) / IngestorOptions.DEFAULT_ROW_GROUP_SIZE);
        try (PreparedStatement byLabel = connection.prepareStatement(
                "SELECT x, y, z FROM read_parquet(?) WHERE label = CAST(? AS UBIGINT)");
                PreparedStatement byRange = connection.prepareStatement("SELECT x, y, z FROM read_parquet(?, "
                        + "file_row_number = true) WHERE file_row_number BETWEEN ? AND ?")) {
            byLabel.setString(1, source.toString());
            byLabel.setString(2, Long.toUnsignedString(volume.label(labelIndex)));
            byRange.setString(1, source.toString());
            byRange.setLong(2, labelRows[0] - firstRow);
            byRange.setLong(3, labelRows[0] - firstRow + labelRows[1] - 1);
            return new LatencyStats[] {
                timeReads("read_parquet WHERE label = ?", description, byLabel, labelIndex, calls, table),
                timeReads("read_parquet WHERE file_row_number BETWEEN", description, byRange, labelIndex, calls,
                        table)};
        }
    }

    /** The label's first row and row count in the sorted table; its rows are contiguous there. */
    private long[] labelRowsInTable(int labelIndex) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement(
                "SELECT min(rowid), count(*) FROM points WHERE label = CAST(? AS UBIGINT)")) {
            find.setString(1, Long.toUnsignedString(volume.label(labelIndex)));
            try (ResultSet result = find.executeQuery()) {
                result.next();
                return new long[] {result.getLong(1), result.getLong(2)};
            }
        }
    }

    private LatencyStats timeReads(String name, String fileDescription, PreparedStatement read, int labelIndex,
            int calls, ReportTable table) throws SQLException {
        int expected = volume.labelSize(labelIndex);
        long[][] columns = new long[3][expected];
        long[] durations = new long[calls];
        for (int call = -WARM_UP_READS; call < calls; call++) {
            long start = System.nanoTime();
            int rows = readInto(read, columns);
            long duration = System.nanoTime() - start;
            if (rows != expected) {
                throw new IllegalStateException(name + " returned " + rows + " rows for label "
                        + Long.toUnsignedString(volume.label(labelIndex)) + ", expected " + expected);
            }
            if (call >= 0) {
                durations[call] = duration;
            }
        }
        LatencyStats stats = LatencyStats.of(durations, calls);
        table.row(name, fileDescription, Long.toUnsignedString(volume.label(labelIndex)), expected, calls,
                stats.p50Millis(), stats.p95Millis(), stats.maxMillis(), expected / (stats.p50Millis() / 1e3));
        return stats;
    }

    /** Runs the query and copies its three BIGINT columns into the arrays, as a reader that returns long[] must. */
    private int readInto(PreparedStatement read, long[][] columns) throws SQLException {
        int rows = 0;
        try (DuckDBResultSet result = (DuckDBResultSet) read.executeQuery();
                ArrowReader reader = (ArrowReader) result.arrowExportStream(allocator, ARROW_BATCH_ROWS)) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                int count = batch.getRowCount();
                if (rows + count > columns[0].length) {
                    throw new IllegalStateException("the query returned more than the expected " + columns[0].length
                            + " rows");
                }
                for (int d = 0; d < columns.length; d++) {
                    batch.getVector(d).getDataBuffer().nioBuffer(0, count * Long.BYTES)
                            .order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(columns[d], rows, count);
                }
                rows += count;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private String threads() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_setting('threads')")) {
            result.next();
            return result.getString(1);
        }
    }

    private long fileSize() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.close();
        } finally {
            allocator.close();
            deleteFile(file);
            deleteFile(partFile);
        }
    }
}
