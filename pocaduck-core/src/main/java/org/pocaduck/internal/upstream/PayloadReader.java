package org.pocaduck.internal.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.pocaduck.PocaduckException;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.io.ArrowStreams;

/**
 * Reads the points of some labels out of Python Parquet files, in one DuckDB scan over all of them (which DuckDB
 * spreads over its threads), rows in file order. Python stores one row per point: {@code label} (int64, the 64 bits
 * of the uint64 label), {@code block_id} (blockwise files only) and {@code data}, a list of the point's D int64
 * values. The list is split into D columns in SQL and the rows come back as Arrow batches: row-by-row JDBC, with a
 * string per block id, took most of an import's time.
 */
final class PayloadReader {
    /** Receives one point; {@code point} is reused for the next row. */
    interface RowSink {
        void accept(long label, String blockId, long[] point);
    }

    private static final int BATCH_ROWS = 1 << 16;
    private static final Set<String> INTEGER_LISTS = Set.of("BIGINT[]", "INTEGER[]", "SMALLINT[]", "TINYINT[]",
            "UINTEGER[]", "USMALLINT[]", "UTINYINT[]");

    private final UpstreamLayout layout;
    private final int dimensions;
    private final String sql;

    PayloadReader(UpstreamLayout layout, int dimensions, boolean withBlocks) {
        this.layout = layout;
        this.dimensions = dimensions;
        StringBuilder select = new StringBuilder("SELECT list_position(?, filename)::INTEGER, label::BIGINT, ")
                .append(withBlocks ? "block_id::VARCHAR" : "NULL::VARCHAR").append(", len(data)::BIGINT");
        for (int d = 1; d <= dimensions; d++) {
            select.append(", data[").append(d).append("]::BIGINT");
        }
        this.sql = select.append(" FROM read_parquet(?, filename = true, file_row_number = true)"
                + " WHERE label IN (SELECT unnest(?)) ORDER BY 1, file_row_number").toString();
    }

    /**
     * The number of values per point in the first row of {@code file}; 0 when it has no rows.
     *
     * @throws PocaduckException if the values are not integers: the Python library truncates floating-point values
     *     to int64 when it reads them, and this library never truncates silently
     */
    static int dimensionsOf(DuckDBConnection duck, Path file) throws SQLException {
        try (PreparedStatement statement = duck.prepareStatement(
                "SELECT len(data), typeof(data) FROM read_parquet(?) WHERE data IS NOT NULL LIMIT 1")) {
            statement.setString(1, file.toString());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return 0;
                }
                String type = row.getString(2);
                if (!INTEGER_LISTS.contains(type)) {
                    throw new PocaduckException(file + " stores points as " + type + "; expected a list of integers"
                            + " (BIGINT[]), as the Python PoCADuck writes integer points");
                }
                return row.getInt(1);
            }
        }
    }

    /** The file's path under the dataset base, checked to exist. */
    Path locate(String storedPath) {
        Path file = layout.resolve(storedPath);
        if (!Files.isRegularFile(file)) {
            throw new PocaduckException("file " + file + " is missing: the index of " + layout.base()
                    + " names it as " + storedPath);
        }
        return file;
    }

    /**
     * Feeds {@code sink} every row of each file (stored path) whose label the file's entry lists, files in the
     * map's order, rows in file order. A row of a label the index does not list for its file is skipped, as the
     * Python library reads a label only from the files its index names for it.
     */
    void read(DuckDBConnection duck, Map<String, long[]> labelsByFile, RowSink sink) throws SQLException {
        if (labelsByFile.isEmpty()) {
            return;
        }
        String[] paths = new String[labelsByFile.size()];
        long[][] allowed = new long[paths.length][];
        Set<Long> wanted = new HashSet<>();
        int f = 0;
        for (Map.Entry<String, long[]> file : labelsByFile.entrySet()) {
            paths[f] = locate(file.getKey()).toString();
            allowed[f] = file.getValue().clone();
            Arrays.sort(allowed[f]);
            for (long label : allowed[f]) {
                wanted.add(label);
            }
            f++;
        }
        Array files = duck.createArrayOf("VARCHAR", paths);
        Array labels = duck.createArrayOf("BIGINT", wanted.toArray(Long[]::new));
        try (PreparedStatement statement = duck.prepareStatement(sql)) {
            statement.setArray(1, files);
            statement.setArray(2, files);
            statement.setArray(3, labels);
            try (DuckDBResultSet rows = (DuckDBResultSet) statement.executeQuery();
                    BufferAllocator allocator = ArrowStreams.childAllocator("python-points");
                    ArrowReader batches = (ArrowReader) rows.arrowExportStream(allocator, BATCH_ROWS)) {
                RowDecoder decoder = new RowDecoder(paths, allowed, sink);
                while (batches.loadNextBatch()) {
                    decoder.decode(batches.getVectorSchemaRoot());
                }
            } catch (IOException e) {
                throw new PocaduckIOException("reading points from " + paths.length + " files failed: "
                        + e.getMessage(), e);
            }
        }
    }

    /** Turns Arrow batches of the query's rows into points for the sink, checking each. */
    private final class RowDecoder {
        private final String[] paths;
        private final long[][] allowed;
        private final RowSink sink;
        private final long[] point = new long[dimensions];
        private Object previousBlock;
        private String blockId;

        RowDecoder(String[] paths, long[][] allowed, RowSink sink) {
            this.paths = paths;
            this.allowed = allowed;
            this.sink = sink;
        }

        void decode(VectorSchemaRoot batch) {
            IntVector fileIndexes = (IntVector) batch.getVector(0);
            BigIntVector labels = (BigIntVector) batch.getVector(1);
            FieldVector blocks = batch.getVector(2);
            BigIntVector lengths = (BigIntVector) batch.getVector(3);
            BigIntVector[] values = new BigIntVector[dimensions];
            for (int d = 0; d < dimensions; d++) {
                values[d] = (BigIntVector) batch.getVector(4 + d);
            }
            for (int row = 0; row < batch.getRowCount(); row++) {
                int file = fileIndexes.isNull(row) ? -1 : fileIndexes.get(row) - 1;
                long label = labels.get(row);
                if (file < 0 || Arrays.binarySearch(allowed[file], label) < 0) {
                    continue;
                }
                if (lengths.isNull(row) || lengths.get(row) != dimensions) {
                    throw new PocaduckException(paths[file] + ": a point of label " + Long.toUnsignedString(label)
                            + " has " + (lengths.isNull(row) ? "no" : lengths.get(row)) + " values; expected "
                            + dimensions + " like the dataset's first file");
                }
                for (int d = 0; d < dimensions; d++) {
                    if (values[d].isNull(row)) {
                        throw new PocaduckException(paths[file] + ": a point of label "
                                + Long.toUnsignedString(label) + " has a missing value at position " + d);
                    }
                    point[d] = values[d].get(row);
                }
                sink.accept(label, block(blocks, row), point);
            }
        }

        /** Consecutive rows mostly share a block: a new String only when the block changes. */
        private String block(FieldVector blocks, int row) {
            Object block = blocks.getObject(row);
            if (block == null) {
                previousBlock = null;
                blockId = null;
            } else if (!block.equals(previousBlock)) {
                previousBlock = block;
                blockId = block.toString();
            }
            return blockId;
        }
    }
}
