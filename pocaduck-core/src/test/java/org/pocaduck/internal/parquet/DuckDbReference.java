package org.pocaduck.internal.parquet;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes Parquet files with DuckDB and reads row ranges back through DuckDB, as the reference for the reader. */
final class DuckDbReference implements AutoCloseable {
    private final Connection connection;

    DuckDbReference() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
    }

    Connection connection() {
        return connection;
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Writes the query's result to {@code file}.
     *
     * @param options the COPY options after FORMAT parquet, e.g. "COMPRESSION zstd, ROW_GROUP_SIZE 20480"
     */
    void copy(String query, Path file, String options) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "COPY (" + query + ") TO (?) (FORMAT parquet, " + options + ")")) {
            statement.setString(1, file.toString());
            statement.execute();
        }
    }

    /**
     * DuckDB's values of rows [from, from + count) of the given columns, as arrays of the types
     * {@link ParquetFile#readRows} fills.
     */
    Object[] read(Path file, String[] columns, Class<?>[] arrayTypes, long from, int count) throws SQLException {
        Object[] result = new Object[columns.length];
        for (int c = 0; c < columns.length; c++) {
            result[c] = java.lang.reflect.Array.newInstance(arrayTypes[c].getComponentType(), count);
        }
        String sql = "SELECT " + String.join(", ", columns) + " FROM read_parquet(?, file_row_number=true)"
                + " WHERE file_row_number BETWEEN ? AND ? ORDER BY file_row_number";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, file.toString());
            statement.setLong(2, from);
            statement.setLong(3, from + count - 1);
            try (ResultSet rows = statement.executeQuery()) {
                int row = 0;
                while (rows.next()) {
                    for (int c = 0; c < columns.length; c++) {
                        set(result[c], row, rows, c + 1);
                    }
                    row++;
                }
                if (row != count) {
                    throw new IllegalStateException("DuckDB returned " + row + " rows, expected " + count);
                }
            }
        }
        return result;
    }

    private static void set(Object array, int row, ResultSet rows, int column) throws SQLException {
        if (array instanceof long[] longs) {
            // UBIGINT comes back as a BigInteger; the reader returns its 64 bits as a long.
            Object value = rows.getObject(column);
            longs[row] = value instanceof BigInteger big ? big.longValue() : ((Number) value).longValue();
        } else if (array instanceof int[] ints) {
            ints[row] = rows.getInt(column);
        } else if (array instanceof float[] floats) {
            floats[row] = rows.getFloat(column);
        } else {
            ((double[]) array)[row] = rows.getDouble(column);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
