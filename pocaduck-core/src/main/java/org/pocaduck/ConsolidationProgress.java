package org.pocaduck;

/** Hears how far a consolidation is: it reads one index per worker (and per shard of an optimized dataset). */
@FunctionalInterface
public interface ConsolidationProgress {
    ConsolidationProgress NONE = (read, total) -> { };

    /** Called after each index is read, from the consolidating thread. */
    void indexesRead(int read, int total);
}
