package org.pocaduck;

import java.util.List;

/**
 * What {@link Ingestor#consolidateIndexes} made visible.
 *
 * @param generation        the new index generation now current
 * @param workers           ids of the workers whose flushed data it includes
 * @param skippedLiveWorkers ids of workers that were still open and so were left for a later consolidation
 * @param uncommittedWorkers ids of workers opened with {@link IngestorOptions#withCommitRequired()} that were never
 *                          committed, so their points stay invisible
 * @param files             Parquet part files indexed
 * @param chunks            (label, block, file) chunks indexed
 * @param labels            distinct labels
 * @param points            points in all
 */
public record ConsolidationSummary(long generation, List<String> workers, List<String> skippedLiveWorkers,
        List<String> uncommittedWorkers, long files, long chunks, long labels, long points) {
    public ConsolidationSummary {
        workers = List.copyOf(workers);
        skippedLiveWorkers = List.copyOf(skippedLiveWorkers);
        uncommittedWorkers = List.copyOf(uncommittedWorkers);
    }
}
