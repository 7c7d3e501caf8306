package org.pocaduck.spark;

import java.util.List;
import org.pocaduck.ConsolidationSummary;

/**
 * What {@link PocaduckSpark#ingest} wrote and made visible.
 *
 * @param committedWorkers the worker ids of the task attempts the job accepted, one per task that had points
 * @param points           points those attempts wrote
 * @param consolidation    the consolidation that followed; its {@code uncommittedWorkers} lists failed, killed and
 *                         duplicate attempts (of this job or earlier ones), whose points stay invisible
 */
public record IngestSummary(List<String> committedWorkers, long points, ConsolidationSummary consolidation) {
    public IngestSummary {
        committedWorkers = List.copyOf(committedWorkers);
    }
}
