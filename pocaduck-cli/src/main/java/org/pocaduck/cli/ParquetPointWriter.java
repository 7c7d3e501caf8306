package org.pocaduck.cli;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;

/**
 * Writes the points of several labels as one Parquet file — {@code label} (UINT_64) and one typed column per schema
 * column, ZSTD-compressed — through an in-memory DuckDB table, the same engine that writes the dataset's own files.
 */
final class ParquetPointWriter {
    private ParquetPointWriter() {
    }

    static void write(PointSchema schema, Map<Long, PointCloud> clouds, Path file) throws SQLException {
        try (DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            // Schema names are validated identifiers (PointSchema allows letters, digits and '_'), quoted here.
            StringBuilder columns = new StringBuilder("label UBIGINT");
            for (int d = 0; d < schema.dimensions(); d++) {
                columns.append(", \"").append(schema.name(d)).append("\" ").append(sqlType(schema, d));
            }
            try (Statement create = duck.createStatement()) {
                create.execute("CREATE TABLE points (" + columns + ")");
            }
            try (DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "points")) {
                for (Map.Entry<Long, PointCloud> entry : clouds.entrySet()) {
                    append(appender, entry.getKey(), entry.getValue());
                }
            }
            try (PreparedStatement copy = duck.prepareStatement(
                    "COPY points TO (?) (FORMAT parquet, COMPRESSION zstd)")) {
                copy.setString(1, file.toString());
                copy.execute();
            }
        }
    }

    private static String sqlType(PointSchema schema, int d) {
        return switch (schema.type(d)) {
            case INT32 -> "INTEGER";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "FLOAT";
            case FLOAT64 -> "DOUBLE";
        };
    }

    /** The appender stores a long's bits into a UBIGINT column, so labels ≥ 2^63 arrive as written. */
    private static void append(DuckDBAppender appender, long label, PointCloud cloud) throws SQLException {
        for (int r = 0; r < cloud.size(); r++) {
            appender.beginRow();
            appender.append(label);
            for (int d = 0; d < cloud.dimensions(); d++) {
                switch (cloud.columnType(d)) {
                    case INT32 -> appender.append(cloud.intColumn(d).get(r));
                    case INT64 -> appender.append(cloud.longColumn(d).get(r));
                    case FLOAT32 -> appender.append(cloud.floatColumn(d).get(r));
                    case FLOAT64 -> appender.append(cloud.doubleColumn(d).get(r));
                }
            }
            appender.endRow();
        }
    }
}
