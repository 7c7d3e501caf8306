package org.pocaduck.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.io.ArrowStreams;

/**
 * A CSV (comma-separated, with a header row) or Parquet file, read by DuckDB in file order and handed over as Arrow
 * batches: no sort, so memory stays bounded whatever the file's size. DuckDB converts each value to its label or
 * schema type (see {@link ValueConversion}); a value that does not fit arrives as NULL and is reported with its row.
 */
final class TableInput implements PointInput {

    /** Rows per Arrow batch: large enough that per-batch costs vanish, small enough to queue a few per worker. */
    static final int BATCH_ROWS = 65_536;
    /**
     * DuckDB's CSV reader holds a few buffers of this size per thread. Its default (32 MB) is what the reader's
     * memory limit would mostly be spent on; 4 MB reads as fast here.
     */
    private static final int CSV_BUFFER_BYTES = 4 << 20;
    /** CSV rows examined to tell integer from floating-point columns. */
    private static final int SAMPLE_ROWS = 20_480;
    private static final Pattern INTEGER = Pattern.compile("\\s*[+-]?[0-9]+(\\.0*)?\\s*");
    private static final Pattern NUMBER = Pattern.compile("\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*");
    private static final Pattern NOT_FINITE = Pattern.compile("\\s*[+-]?(inf|infinity|nan)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CSV_ERROR = Pattern.compile(
            "CSV Error on Line: (\\d+)\\R(?:Original Line: (.*)\\R)?(.*)");

    /** The two formats DuckDB reads for us. */
    enum Format {
        CSV, PARQUET
    }

    private final Connection duck;
    private final Connection streaming;
    private final Path file;
    private final Format format;
    private final ColumnChoice choice;
    /** The file's column names, in file order; SQL refers to column i as c&lt;i&gt; (CSV) or by its checked name. */
    private final List<String> names;
    private final List<ValueConversion.Source> sources;
    private final List<String> pointColumns;
    private final boolean floating;
    private final long rows;

    /** {@code duck} answers the small queries; {@code streaming} (see {@link InputFiles#reader}) reads the rows. */
    TableInput(Connection duck, Connection streaming, Path file, Format format, ColumnChoice choice)
            throws IOException {
        this.duck = duck;
        this.streaming = streaming;
        this.file = file;
        this.format = format;
        this.choice = choice;
        this.names = format == Format.CSV ? csvHeader() : parquetColumns();
        requireColumn(choice.labelColumn(), "the label column (--label-column)");
        requireColumn(choice.blockColumn(), "the block id column (--block-column)");
        if (format == Format.CSV) {
            CsvSample sample = new CsvSample();
            this.sources = sample.sources;
            this.rows = sample.estimatedRows();
        } else {
            this.sources = parquetSources();
            this.rows = count();
        }
        List<String> numeric = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            if (sources.get(c).numeric()) {
                numeric.add(names.get(c));
            }
        }
        this.pointColumns = choice.explicit() ? choice.pointColumns() : choice.defaultPointColumns(numeric);
        boolean anyFloating = false;
        for (String column : pointColumns) {
            requireColumn(column, "a point column");
            ValueConversion.Source source = sources.get(names.indexOf(column));
            if (!source.numeric()) {
                throw new IllegalArgumentException(file + ": column '" + column + "' has type "
                        + parquetType(column) + "; expected a numeric point column");
            }
            anyFloating |= source == ValueConversion.Source.FLOATING;
        }
        this.floating = anyFloating;
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
    public long estimatedRows() {
        return rows;
    }

    @Override
    public void read(PointSchema schema, Consumer<RowBatch> sink) throws IOException {
        List<String> columns = new ArrayList<>();
        columns.add(ValueConversion.label(ref(choice.labelColumn()), source(choice.labelColumn())));
        columns.add(ValueConversion.blockId(ref(choice.blockColumn())));
        for (int d = 0; d < pointColumns.size(); d++) {
            String column = pointColumns.get(d);
            columns.add(ValueConversion.point(ref(column), source(column), schema.type(d)));
        }
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + source();
        try (PreparedStatement statement = streaming.prepareStatement(sql)) {
            statement.setString(1, file.toString());
            try (DuckDBResultSet result = (DuckDBResultSet) statement.executeQuery();
                    BufferAllocator allocator = ArrowStreams.childAllocator("ingest-" + file.getFileName());
                    ArrowReader batches = (ArrowReader) result.arrowExportStream(allocator, BATCH_ROWS)) {
                ArrowRows decoder = new ArrowRows(schema, this::rejected);
                while (batches.loadNextBatch()) {
                    VectorSchemaRoot root = batches.getVectorSchemaRoot();
                    if (root.getRowCount() > 0) {
                        sink.accept(decoder.decode(root));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException(explain(diagnose(sql, e)), e);
        }
    }

    /** Runs the failed query again without streaming, aggregated so nothing is materialized, for DuckDB's message. */
    private SQLException diagnose(String sql, SQLException streamed) {
        try (PreparedStatement statement = duck.prepareStatement("SELECT count(*) FROM (" + sql + ")")) {
            statement.setString(1, file.toString());
            try (ResultSet result = statement.executeQuery()) {
                return streamed;
            }
        } catch (SQLException e) {
            return e;
        }
    }

    /** The message for a value that arrived as NULL: what the file holds there, and what was expected. */
    private IllegalArgumentException rejected(long row, int column, String expected) {
        String name = column == 0 ? choice.labelColumn() : column == 1 ? choice.blockColumn()
                : pointColumns.get(column - 2);
        String raw = rawValue(row, name);
        return new IllegalArgumentException(file + " " + position(row) + ", column '" + name + "': "
                + (raw == null || raw.isBlank() ? "the value is empty" : "'" + raw + "' is not " + expected));
    }

    private String position(long row) {
        return format == Format.CSV ? "line " + (row + 2) : "row " + (row + 1);
    }

    /** The text of one value, read again only to explain a rejection. */
    private String rawValue(long row, String column) {
        String sql = "SELECT CAST(" + ref(column) + " AS VARCHAR) FROM " + source() + " LIMIT 1 OFFSET ?";
        try (PreparedStatement statement = duck.prepareStatement(sql)) {
            statement.setString(1, file.toString());
            statement.setLong(2, row);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    /** DuckDB's table function reading the file; the path is the first bound parameter. */
    private String source() {
        if (format == Format.PARQUET) {
            return "read_parquet(?)";
        }
        // Every CSV column is read as text and converted by ValueConversion, which rejects what DuckDB's own
        // integer parsing would round (1.5 becomes 2). Generated column names keep header text out of the SQL.
        String columns = java.util.stream.IntStream.range(0, names.size())
                .mapToObj(c -> "'c" + c + "': 'VARCHAR'")
                .collect(Collectors.joining(", "));
        return "read_csv(?, auto_detect = false, header = true, delim = ',', quote = '\"', escape = '\"',"
                + " buffer_size = " + CSV_BUFFER_BYTES + ", columns = {" + columns + "})";
    }

    private String ref(String column) {
        return format == Format.CSV ? "c" + names.indexOf(column) : ColumnChoice.quote(column);
    }

    private ValueConversion.Source source(String column) {
        return format == Format.CSV ? ValueConversion.Source.TEXT : sources.get(names.indexOf(column));
    }

    /** DuckDB's CSV errors name the line in a paragraph of advice; keep the file, the line and the reason. */
    private String explain(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher csv = CSV_ERROR.matcher(message);
        if (csv.find()) {
            String reason = csv.group(3).trim();
            Matcher count = Pattern.compile("Expected Number of Columns: (\\d+) Found: (\\d+)").matcher(reason);
            if (count.find()) {
                reason = "found " + count.group(2) + " values; expected " + count.group(1) + " as the header names ("
                        + String.join(", ", names) + ")";
            }
            return file + " line " + csv.group(1) + ": " + reason
                    + (csv.group(2) == null ? "" : " (the line is '" + csv.group(2) + "')");
        }
        return "cannot read " + file + ": " + message.split("\\R\\s*\\R", 2)[0];
    }

    /** The header row's names. Read here, not sniffed: DuckDB's sniffer guesses odd dialects from short rows. */
    private List<String> csvHeader() throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || header.isBlank()) {
                throw new IllegalArgumentException(file + " is empty; expected a header row naming the columns,"
                        + " then one row per point");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            String first = reader.readLine();
            if (first == null) {
                throw new IllegalArgumentException(file + " line 2: the file ends after its header row; expected"
                        + " one row per point below the header " + header);
            }
            List<String> fields = new ArrayList<>();
            for (String field : header.split(",", -1)) {
                String name = field.trim();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                fields.add(name);
            }
            return fields;
        }
    }

    private List<String> parquetColumns() {
        List<String> columns = new ArrayList<>();
        forEachParquetColumn((name, type) -> columns.add(name));
        return columns;
    }

    private List<ValueConversion.Source> parquetSources() {
        List<ValueConversion.Source> types = new ArrayList<>();
        forEachParquetColumn((name, type) -> types.add(ValueConversion.Source.of(type)));
        return types;
    }

    private String parquetType(String column) {
        if (format == Format.CSV) {
            return "text";
        }
        List<String> types = new ArrayList<>();
        forEachParquetColumn((name, type) -> types.add(type));
        return types.get(names.indexOf(column));
    }

    private void forEachParquetColumn(java.util.function.BiConsumer<String, String> action) {
        try (PreparedStatement statement = duck.prepareStatement("SELECT * FROM read_parquet(?) LIMIT 0")) {
            statement.setString(1, file.toString());
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData metaData = result.getMetaData();
                for (int c = 1; c <= metaData.getColumnCount(); c++) {
                    action.accept(metaData.getColumnName(c), metaData.getColumnTypeName(c).toUpperCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot read " + file + " as parquet: " + explain(e), e);
        }
    }

    /** Parquet keeps the row count in its footer: counting reads no data. */
    private long count() {
        try (PreparedStatement statement = duck.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
            statement.setString(1, file.toString());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot read " + file + " as parquet: " + explain(e), e);
        }
    }

    private void requireColumn(String column, String role) {
        if (!names.contains(column)) {
            throw new IllegalArgumentException(file + " has no column '" + column + "' (" + role + "); its columns are "
                    + String.join(", ", names));
        }
    }

    /**
     * The first rows of a CSV file, as text: a column is numeric if each of its values there is a number, and
     * floating-point if one of them has a fraction or an exponent (inf and nan alone decide nothing: a point is
     * rarely meant to be infinite, so they are left for the conversion to reject in an integer column).
     */
    private final class CsvSample {
        private final List<ValueConversion.Source> sources = new ArrayList<>();
        private long sampleRows;
        private long sampleBytes;

        CsvSample() {
            boolean[] text = new boolean[names.size()];
            boolean[] fraction = new boolean[names.size()];
            String[] firstText = new String[names.size()];
            long[] firstTextRow = new long[names.size()];
            String sql = "SELECT * FROM " + source() + " LIMIT " + SAMPLE_ROWS;
            try (PreparedStatement statement = duck.prepareStatement(sql)) {
                statement.setString(1, file.toString());
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        for (int c = 0; c < names.size(); c++) {
                            String value = result.getString(c + 1);
                            if (value == null) {
                                continue;
                            }
                            sampleBytes += value.length() + 1;
                            if (INTEGER.matcher(value).matches() || NOT_FINITE.matcher(value).matches()) {
                                continue;
                            }
                            if (NUMBER.matcher(value).matches()) {
                                fraction[c] = true;
                            } else if (!text[c]) {
                                text[c] = true;
                                firstText[c] = value;
                                firstTextRow[c] = sampleRows;
                            }
                        }
                        sampleRows++;
                    }
                }
            } catch (SQLException e) {
                throw new IllegalArgumentException(explain(e), e);
            }
            for (int c = 0; c < names.size(); c++) {
                sources.add(text[c] ? ValueConversion.Source.TEXT
                        : fraction[c] ? ValueConversion.Source.FLOATING : ValueConversion.Source.SIGNED);
            }
            List<String> wanted = choice.explicit() ? choice.pointColumns() : ColumnChoice.POSITION;
            for (String column : wanted) {
                int c = names.indexOf(column);
                if (c >= 0 && text[c]) {
                    throw new IllegalArgumentException(file + " " + position(firstTextRow[c]) + ", column '" + column
                            + "': '" + firstText[c] + "' is not a number; expected a numeric point column");
                }
            }
        }

        /** The sample's rows scaled by bytes to the whole file: good enough for a progress bar's ETA. */
        long estimatedRows() throws IOException {
            if (sampleRows < SAMPLE_ROWS || sampleBytes == 0) {
                return sampleRows;
            }
            return Math.round(Files.size(file) * (double) sampleRows / sampleBytes);
        }
    }
}
