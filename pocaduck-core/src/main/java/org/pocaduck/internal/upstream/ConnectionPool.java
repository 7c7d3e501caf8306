package org.pocaduck.internal.upstream;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.duckdb.DuckDBConnection;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.index.DuckDb;

/**
 * Connections to one in-memory DuckDB for concurrent callers: a DuckDB connection runs one statement at a time, so
 * each piece of work borrows its own.
 */
final class ConnectionPool implements AutoCloseable {
    /** Work on a borrowed connection. */
    interface Work<T> {
        T run(DuckDBConnection connection) throws SQLException;
    }

    private final DuckDBConnection root;
    private final List<DuckDBConnection> all = new ArrayList<>();
    private final BlockingQueue<DuckDBConnection> idle;

    ConnectionPool(DuckDBConnection root, int size) throws SQLException {
        this.root = root;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            DuckDBConnection connection = (DuckDBConnection) root.duplicate();
            all.add(connection);
            idle.add(connection);
        }
    }

    /** Runs {@code work} on a borrowed connection; a DuckDB failure becomes an I/O exception about {@code what}. */
    <T> T run(String what, Work<T> work) {
        DuckDBConnection connection;
        try {
            connection = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PocaduckIOException("interrupted while waiting for a DuckDB connection for " + what, e);
        }
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw DuckDb.failure(what, e);
        } finally {
            idle.add(connection);
        }
    }

    @Override
    public void close() {
        try {
            for (DuckDBConnection connection : all) {
                connection.close();
            }
            root.close();
        } catch (SQLException e) {
            throw DuckDb.failure("closing DuckDB", e);
        }
    }
}
