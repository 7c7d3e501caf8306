package org.pocaduck.internal.upstream;

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
import org.duckdb.DuckDBConnection;
import org.pocaduck.PocaduckException;

/**
 * Reads the points of some labels out of Python Parquet files, in one DuckDB scan over all of them (which DuckDB
 * spreads over its threads), rows in file order. Python stores one row per point: {@code label} (int64, the 64 bits
 * of the uint64 label), {@code block_id} (blockwise files only) and {@code data}, a list of the point's D int64
 * values. The list is split into D columns in SQL, so no value is boxed.
 */
final class PayloadReader {
    /** Receives one point; {@code point} is reused for the next row. */
    interface RowSink {
        void accept(long label, String blockId, long[] point);
    }

    private final UpstreamLayout layout;
    private final int dimensions;
    private final String sql;

    PayloadReader(UpstreamLayout layout, int dimensions, boolean withBlocks) {
        this.layout = layout;
        this.dimensions = dimensions;
        StringBuilder select = new StringBuilder("SELECT list_position(?, filename), label, ")
                .append(withBlocks ? "block_id::VARCHAR" : "NULL::VARCHAR").append(", len(data)");
        for (int d = 1; d <= dimensions; d++) {
            select.append(", data[").append(d).append(']');
        }
        this.sql = select.append(" FROM read_parquet(?, filename = true, file_row_number = true)"
                + " WHERE label = ANY(?) ORDER BY 1, file_row_number").toString();
    }

    /** The number of values per point in the first row of {@code file}; 0 when it has no rows. */
    static int dimensionsOf(DuckDBConnection duck, Path file) throws SQLException {
        try (PreparedStatement statement = duck.prepareStatement(
                "SELECT len(data) FROM read_parquet(?) WHERE data IS NOT NULL LIMIT 1")) {
            statement.setString(1, file.toString());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
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
        long[] point = new long[dimensions];
        try (PreparedStatement statement = duck.prepareStatement(sql)) {
            statement.setArray(1, files);
            statement.setArray(2, files);
            statement.setArray(3, labels);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int file = rows.getInt(1) - 1;
                    long label = rows.getLong(2);
                    if (file < 0 || Arrays.binarySearch(allowed[file], label) < 0) {
                        continue;
                    }
                    int length = rows.getInt(4);
                    if (rows.wasNull() || length != dimensions) {
                        throw new PocaduckException(paths[Math.max(file, 0)] + ": a point of label "
                                + Long.toUnsignedString(label) + " has " + (rows.wasNull() ? "no" : length)
                                + " values; expected " + dimensions + " like the dataset's first file");
                    }
                    for (int d = 0; d < dimensions; d++) {
                        point[d] = rows.getLong(5 + d);
                        if (rows.wasNull()) {
                            throw new PocaduckException(paths[file] + ": a point of label "
                                    + Long.toUnsignedString(label) + " has a missing value at position " + d);
                        }
                    }
                    sink.accept(label, rows.getString(3), point);
                }
            }
        }
    }
}
