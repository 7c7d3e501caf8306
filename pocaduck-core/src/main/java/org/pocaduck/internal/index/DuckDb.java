package org.pocaduck.internal.index;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.format.FailureReason;

/**
 * Opens DuckDB the one way this library uses it: an in-memory engine to which database files are attached by bound
 * path, so no path (which may contain any character) is ever spliced into SQL.
 */
public final class DuckDb {
    /**
     * The storage format of every database file the engine creates. DuckDB 2 writes its own format (storage version
     * 69) by default, which DuckDB 1.x refuses to open, while DuckDB 1.x itself creates files in this one (storage
     * version 64) unless told otherwise: with it, an index opens in every DuckDB from 1.0 on, and in 2.x. The index's
     * tables (integers, doubles, short strings, small blobs) take the same space and lookup time in both formats. It
     * is an engine setting, not an {@code ATTACH} option, because the setting only applies to files being created: a
     * file created in a newer format stays in it and keeps opening, whereas {@code ATTACH ... (STORAGE_VERSION ...)}
     * refuses such a file.
     */
    static final String STORAGE_VERSION = "v1.0.0";

    static {
        // Before this process's engine starts: it unpacks its own copy, which then is too new to be removed.
        NativeLibraryCopies.removeStale(Path.of(System.getProperty("java.io.tmpdir")));
    }

    private DuckDb() {
    }

    /**
     * A new in-memory engine whose results stream: the driver otherwise materializes a whole result outside DuckDB's
     * memory limit before the first row (8 GiB of resident memory for a scan of 10^8 chunks, which a consolidation
     * of 10^10 points makes). A connection with an open result refuses other queries until it is read or closed, and
     * the driver drops the reason of a query that fails before its first row ({@link FailureReason} says so).
     */
    public static DuckDBConnection openInMemory() {
        Properties config = new Properties();
        config.setProperty("storage_compatibility_version", STORAGE_VERSION);
        config.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        try {
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", config);
        } catch (SQLException e) {
            throw new PocaduckIOException("cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    /**
     * Attaches the database file {@code file} under {@code alias} (a constant of ours), creating it if writable, in
     * the storage format of {@link #STORAGE_VERSION} when {@code connection} comes from {@link #openInMemory()}.
     */
    public static void attach(Connection connection, Path file, String alias, boolean readOnly) throws SQLException {
        String sql = "ATTACH (?) AS " + alias + (readOnly ? " (READ_ONLY)" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, file.toString());
            statement.execute();
        }
    }

    /**
     * Bounds the memory DuckDB may use on {@code connection} (by default it takes up to 80% of the machine's) and
     * lets its sorts and aggregations spill to {@code spillDirectory} beyond that.
     */
    public static void limitMemory(Connection connection, long bytes, Path spillDirectory) throws SQLException {
        execute(connection, "SET memory_limit = '" + bytes + "B'");
        // SET takes no parameters; the directory is one this library created under the JVM's temporary directory.
        execute(connection, "SET temp_directory = '" + spillDirectory.toString().replace("'", "''") + "'");
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The single number {@code sql} returns, with {@code parameters} bound as strings in order. */
    static long queryLong(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int p = 0; p < parameters.length; p++) {
                statement.setString(p + 1, parameters[p]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Whether the table {@code table} of the database attached as {@code alias} has the column {@code column}. */
    static boolean hasColumn(Connection connection, String alias, String table, String column) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM duckdb_columns()"
                + " WHERE database_name = ? AND table_name = ? AND column_name = ?")) {
            statement.setString(1, alias);
            statement.setString(2, table);
            statement.setString(3, column);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1) > 0;
            }
        }
    }

    /** A failure of DuckDB while working on {@code what}, as the library's I/O exception. */
    public static PocaduckIOException failure(String what, SQLException e) {
        return new PocaduckIOException(what + " failed: " + FailureReason.of(e), e);
    }

    /** The bounds columns as {@link #boundsColumns(int, boolean)} lists them, each qualified by {@code alias}. */
    static String boundsColumns(int dimensions, String alias) {
        return boundsColumns(dimensions, false).replace(", ", ", " + alias + ".");
    }

    /**
     * The SQL column list {@code min_0 DOUBLE, max_0 DOUBLE, ...} of per-dimension bounds (positional, never user
     * text).
     */
    static String boundsColumns(int dimensions, boolean withTypes) {
        StringBuilder columns = new StringBuilder();
        for (int d = 0; d < dimensions; d++) {
            columns.append(", min_").append(d).append(withTypes ? " DOUBLE" : "");
            columns.append(", max_").append(d).append(withTypes ? " DOUBLE" : "");
        }
        return columns.toString();
    }
}
