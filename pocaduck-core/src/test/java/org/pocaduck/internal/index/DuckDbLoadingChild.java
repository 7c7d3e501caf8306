package org.pocaduck.internal.index;

import java.sql.SQLException;
import org.apache.arrow.c.jni.JniWrapper;

/** A process that starts DuckDB and Arrow's C data interface, says so on stdout, and waits to be killed. */
public final class DuckDbLoadingChild {
    private DuckDbLoadingChild() {
    }

    public static void main(String[] args) throws InterruptedException, SQLException {
        try (var duck = DuckDb.openInMemory()) {
            JniWrapper.get();
            System.out.println("loaded");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
