package org.pocaduck;

/**
 * What {@link PythonDatasetImport} converted.
 *
 * @param sourceFormat  the layout read: {@link DatasetFormat#PYTHON} (with block ids) or
 *                      {@link DatasetFormat#PYTHON_OPTIMIZED}
 * @param labels        labels imported
 * @param pointsRead    points read from the source
 * @param pointsWritten points written: {@code pointsRead} less the duplicates dropped by deduplication
 * @param blocks        distinct block ids in the new dataset
 * @param generation    the new dataset's consolidated index generation
 * @param seconds       time taken, verification included
 */
public record ImportSummary(DatasetFormat sourceFormat, long labels, long pointsRead, long pointsWritten, long blocks,
        long generation, double seconds) {
}
