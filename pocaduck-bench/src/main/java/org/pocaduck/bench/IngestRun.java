package org.pocaduck.bench;

import java.nio.file.Path;
import org.pocaduck.ConsolidationSummary;

/**
 * One ingestion of the whole volume into a fresh dataset, and its consolidation.
 *
 * @param form               how the points were handed to the ingestors
 * @param workers            parallel ingestors
 * @param dataset            the dataset's directory
 * @param points             points written
 * @param ingestNanos        from opening the ingestors to the last close
 * @param consolidateNanos   time of {@code Ingestor.consolidateIndexes}
 * @param summary            what consolidation reported
 * @param disk               the dataset's bytes on disk after consolidation
 */
record IngestRun(InputForm form, int workers, Path dataset, long points, long ingestNanos, long consolidateNanos,
        ConsolidationSummary summary, DiskUsage disk) {
    double pointsPerSecond() {
        return points * 1e9 / ingestNanos;
    }

    String name() {
        return describe(form, workers);
    }

    static String describe(InputForm form, int workers) {
        return form.description() + ", " + workers + (workers == 1 ? " worker" : " workers");
    }
}
