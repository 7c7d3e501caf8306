package org.pocaduck;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The plain JDBC reader {@link OlderDuckDbTest} runs in a JVM whose only DuckDB is an older driver: it opens each
 * database file named on the command line read-only, as any DuckDB client would, and prints tab-separated lines —
 * {@code version <DuckDB version>} once, then per file {@code rows <file> <table> <count>} for each table and
 * {@code block <file> <label> <block id>} for each distinct chunk of a {@code chunks} table, or
 * {@code refused <file> <message>} when the driver cannot open it. Uses nothing but {@code java.sql}.
 */
public final class OlderDuckDbReader {
    private OlderDuckDbReader() {
    }

    public static void main(String[] files) throws SQLException {
        try (Connection engine = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = engine.createStatement();
                ResultSet version = statement.executeQuery("SELECT version()")) {
            version.next();
            System.out.println("version\t" + version.getString(1));
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        for (String file : files) {
            try (Connection database = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
                    Statement statement = database.createStatement()) {
                for (String table : tables(statement)) {
                    try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + quoted(table))) {
                        count.next();
                        System.out.println("rows\t" + file + "\t" + table + "\t" + count.getLong(1));
                    }
                    if (table.equals("chunks")) {
                        try (ResultSet chunks = statement.executeQuery("SELECT DISTINCT label::VARCHAR, block_id"
                                + " FROM chunks ORDER BY ALL")) {
                            while (chunks.next()) {
                                System.out.println("block\t" + file + "\t" + chunks.getString(1) + "\t"
                                        + chunks.getString(2));
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                System.out.println("refused\t" + file + "\t" + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    private static List<String> tables(Statement statement) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT table_name FROM duckdb_tables()"
                + " WHERE database_name = current_database() ORDER BY table_name")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /** A table name read from the file's own catalog, as an SQL identifier. */
    static String quoted(String table) {
        return '"' + table.replace("\"", "\"\"") + '"';
    }
}
