package org.pocaduck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A CSV (with a header row) or Parquet file, read by DuckDB: it detects the column types, and sorts the rows by
 * (block, label) — spilling to disk if need be — so each (label, block) arrives as one run of rows.
 */
final class DuckDbInput implements PointInput {

    /** The DuckDB table function reading each format; the file path is always a bound parameter. */
    enum Format {
        CSV("read_csv"), PARQUET("read_parquet");

        private final String tableFunction;

        Format(String tableFunction) {
            this.tableFunction = tableFunction;
        }
    }

    private final Connection duck;
    private final Path file;
    private final Format format;
    private final ColumnChoice choice;
    private final List<String> pointColumns;
    private final boolean floating;

    DuckDbInput(Connection duck, Path file, Format format, ColumnChoice choice) throws IOException {
        this.duck = duck;
        this.file = file;
        this.format = format;
        this.choice = choice;
        Map<String, String> types = columnTypes();
        requireColumn(types, choice.labelColumn(), "the label column (--label-column)");
        requireColumn(types, choice.blockColumn(), "the block id column (--block-column)");
        List<String> numeric = types.entrySet().stream()
                .filter(entry -> isInteger(entry.getValue()) || isFloating(entry.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        this.pointColumns = choice.explicit() ? choice.pointColumns() : choice.defaultPointColumns(numeric);
        for (String column : pointColumns) {
            requireColumn(types, column, "a point column");
            if (!numeric.contains(column)) {
                throw new IllegalArgumentException(file + ": column '" + column + "' has type " + types.get(column)
                        + "; expected a numeric point column");
            }
        }
        this.floating = pointColumns.stream().anyMatch(column -> isFloating(types.get(column)));
    }

    @Override
    public List<String> columnNames() {
        return pointColumns;
    }

    @Override
    public boolean floating() {
        return floating;
    }

    @Override
    public void read(Consumer<PointChunk> sink) throws IOException {
        String label = ColumnChoice.quote(choice.labelColumn());
        String block = ColumnChoice.quote(choice.blockColumn());
        // Labels are uint64: UBIGINT holds all of them, and its text parses exactly with parseUnsignedLong.
        String sql = "SELECT CAST(CAST(" + label + " AS UBIGINT) AS VARCHAR), CAST(" + block + " AS VARCHAR), "
                + pointColumns.stream().map(ColumnChoice::quote).collect(Collectors.joining(", "))
                + " FROM " + source() + " ORDER BY " + block + ", CAST(" + label + " AS UBIGINT)";
        ChunkCollector chunks = new ChunkCollector(floating, sink);
        int dimensions = pointColumns.size();
        try (PreparedStatement statement = duck.prepareStatement(sql)) {
            statement.setString(1, file.toString());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long rowLabel = Long.parseUnsignedLong(notNull(rows.getString(1), choice.labelColumn()));
                    String rowBlock = notNull(rows.getString(2), choice.blockColumn());
                    if (floating) {
                        double[] row = new double[dimensions];
                        for (int d = 0; d < dimensions; d++) {
                            row[d] = rows.getDouble(d + 3);
                            requireValue(rows, d);
                        }
                        chunks.add(rowLabel, rowBlock, row);
                    } else {
                        long[] row = new long[dimensions];
                        for (int d = 0; d < dimensions; d++) {
                            row[d] = rows.getLong(d + 3);
                            requireValue(rows, d);
                        }
                        chunks.add(rowLabel, rowBlock, row);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + essence(e), e);
        }
        chunks.finish();
    }

    /** CSV labels may exceed 2^63, which DuckDB's type detection would turn into lossy doubles. */
    private String source() {
        if (format == Format.CSV) {
            return "read_csv(?, header = true, types = {'" + choice.labelColumn() + "': 'UBIGINT'})";
        }
        return format.tableFunction + "(?)";
    }

    /** Column names and DuckDB type names, in file order. */
    private Map<String, String> columnTypes() {
        String sql = "SELECT * FROM " + (format == Format.CSV ? "read_csv(?, header = true)" : source()) + " LIMIT 0";
        try (PreparedStatement statement = duck.prepareStatement(sql)) {
            statement.setString(1, file.toString());
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData metaData = rows.getMetaData();
                Map<String, String> types = new LinkedHashMap<>();
                for (int c = 1; c <= metaData.getColumnCount(); c++) {
                    types.put(metaData.getColumnName(c), metaData.getColumnTypeName(c).toUpperCase(Locale.ROOT));
                }
                return types;
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot read " + file + " as " + format.name().toLowerCase(Locale.ROOT)
                    + ": " + essence(e), e);
        }
    }

    /** DuckDB appends paragraphs of reader settings to its message; the first paragraph says what went wrong. */
    private static String essence(SQLException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage().split("\\R\\s*\\R", 2)[0];
    }

    private void requireColumn(Map<String, String> types, String column, String role) {
        if (!types.containsKey(column)) {
            throw new IllegalArgumentException(file + " has no column '" + column + "' (" + role + "); its columns are "
                    + String.join(", ", types.keySet()));
        }
    }

    private String notNull(String value, String column) {
        if (value == null) {
            throw new IllegalArgumentException(file + ": column '" + column + "' has an empty value");
        }
        return value;
    }

    private void requireValue(ResultSet rows, int dimension) throws SQLException {
        if (rows.wasNull()) {
            throw new IllegalArgumentException(file + ": column '" + pointColumns.get(dimension)
                    + "' has an empty value");
        }
    }

    private static boolean isInteger(String type) {
        return type.matches("U?(TINYINT|SMALLINT|INTEGER|BIGINT)|U?HUGEINT");
    }

    private static boolean isFloating(String type) {
        return type.equals("FLOAT") || type.equals("DOUBLE") || type.startsWith("DECIMAL");
    }
}
