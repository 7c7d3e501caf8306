package org.pocaduck;

import java.util.List;

/**
 * The size of a consolidated dataset, from its index alone (no part file is read). Of a generation consolidated in
 * one segment the totals are stored; of one consolidated incrementally (two segments, see
 * {@link ConsolidationSummary}), labels and blocks present in both are counted once, which reads both label indexes
 * whole.
 *
 * @param formatVersion     the on-disk format version (0 for a dataset written by the Python PoCADuck)
 * @param generation        the consolidated index generation described (0 for a Python PoCADuck dataset)
 * @param storedGenerations every index generation still stored, oldest first (older ones are kept for readers that
 *                          opened them, and for optimizations that read them)
 * @param labels            distinct labels
 * @param points            points in all
 * @param blocks            distinct block ids
 * @param files             Parquet part files
 * @param optimizedFiles    of those, the label-contiguous files of the optimization the generation is built on; the
 *                          others are worker parts ingested since (or all of them, when never optimized)
 * @param optimizedRun      that optimization run's directory relative to the base, or null when never optimized
 * @param partBytes         bytes of all part files, as recorded when they were written
 * @param indexBytes        bytes of the consolidated index generation (its DuckDB index, label index and list of part files); of a
 *                          Python dataset, its index file read
 */
public record DatasetStatistics(int formatVersion, long generation, List<Long> storedGenerations, long labels,
        long points, long blocks, long files, long optimizedFiles, String optimizedRun, long partBytes,
        long indexBytes) {
    public DatasetStatistics {
        storedGenerations = List.copyOf(storedGenerations);
    }

    /** Whether every point is in label-contiguous files: optimized, with nothing ingested since. */
    public boolean fullyOptimized() {
        return optimizedRun != null && optimizedFiles == files;
    }
}
