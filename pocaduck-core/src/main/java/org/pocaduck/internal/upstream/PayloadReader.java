package org.pocaduck.internal.upstream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;
import org.pocaduck.PocaduckException;

/**
 * Reads the points of some labels out of one Python Parquet file, row by row in file order. Python stores one row
 * per point: {@code label} (int64, the 64 bits of the uint64 label), {@code block_id} (blockwise files only) and
 * {@code data}, a list of the point's D int64 values. The list is split into D columns in SQL, so no value is boxed.
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
        StringBuilder select = new StringBuilder("SELECT label, ")
                .append(withBlocks ? "block_id::VARCHAR" : "NULL::VARCHAR").append(", len(data)");
        for (int d = 1; d <= dimensions; d++) {
            select.append(", data[").append(d).append(']');
        }
        this.sql = select.append(" FROM read_parquet(?, file_row_number = true) WHERE label = ANY(?)"
                + " ORDER BY file_row_number").toString();
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

    /** Feeds every row of {@code labels} in the file to {@code sink}, in file order. */
    void read(DuckDBConnection duck, String storedPath, long[] labels, RowSink sink) throws SQLException {
        Path file = locate(storedPath);
        Long[] boxed = new Long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            boxed[i] = labels[i];
        }
        Array wanted = duck.createArrayOf("BIGINT", boxed);
        long[] point = new long[dimensions];
        try (PreparedStatement statement = duck.prepareStatement(sql)) {
            statement.setString(1, file.toString());
            statement.setArray(2, wanted);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long label = rows.getLong(1);
                    int length = rows.getInt(3);
                    if (length != dimensions || rows.wasNull()) {
                        throw new PocaduckException(file + ": a point of label " + Long.toUnsignedString(label)
                                + " has " + (rows.wasNull() ? "no" : length) + " values; expected " + dimensions
                                + " like the dataset's first file");
                    }
                    for (int d = 0; d < dimensions; d++) {
                        point[d] = rows.getLong(4 + d);
                        if (rows.wasNull()) {
                            throw new PocaduckException(file + ": a point of label " + Long.toUnsignedString(label)
                                    + " has a missing value at position " + d);
                        }
                    }
                    sink.accept(label, rows.getString(2), point);
                }
            }
        }
    }
}
