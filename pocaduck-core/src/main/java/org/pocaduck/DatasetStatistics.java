package org.pocaduck;

/**
 * The size of a consolidated dataset, from its index alone (no part file is read).
 *
 * @param formatVersion the on-disk format version (0 for a dataset written by the Python PoCADuck)
 * @param generation    the consolidated index generation described (0 for a dataset written by the Python PoCADuck)
 * @param labels        distinct labels
 * @param points        points in all
 * @param blocks        distinct block ids
 * @param files         Parquet part files
 * @param partBytes     bytes of all part files, as recorded when they were written
 * @param indexBytes    bytes of the consolidated index generation (DuckDB file and label directory); of a Python
 *                      dataset, its index file read
 */
public record DatasetStatistics(int formatVersion, long generation, long labels, long points, long blocks,
        long files, long partBytes, long indexBytes) {
}
