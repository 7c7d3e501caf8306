package org.pocaduck.internal.index;

import java.sql.SQLException;

/** A process that starts DuckDB, says so on stdout, and waits to be killed. */
public final class DuckDbLoadingChild {
    private DuckDbLoadingChild() {
    }

    public static void main(String[] args) throws InterruptedException, SQLException {
        try (var duck = DuckDb.openInMemory()) {
            System.out.println("loaded");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
