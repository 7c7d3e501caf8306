package org.pocaduck;

import java.util.List;

/**
 * What {@link Ingestor#consolidateIndexes} made visible.
 *
 * <p>A full consolidation indexes every part in one segment; an incremental one keeps the base segment of the
 * generation it follows and indexes, in a second segment, the parts that base lacks (see docs/FORMAT.md). The counts
 * describe the segment written: the whole dataset after a full consolidation, what lies beyond the base after an
 * incremental one, nothing when nothing was published.
 *
 * @param generation         the generation now current: the new one, or the one already current when nothing was new
 * @param baseGeneration     for an incremental consolidation, the generation whose segment the new one keeps as its
 *                           base; 0 for a full one
 * @param published          whether a new generation was published: false when no worker had a part the current
 *                           generation lacks, so that consolidating again changes nothing
 * @param workers            ids of the workers whose flushed data the new segment includes
 * @param skippedLiveWorkers ids of workers that were still open and so were left for a later consolidation
 * @param uncommittedWorkers ids of workers opened with {@link IngestorOptions#withCommitRequired()} that were never
 *                           committed, so their points stay invisible
 * @param files              Parquet part files indexed in the segment
 * @param chunks             (label, block, file) chunks indexed in the segment
 * @param labels             distinct labels of the segment
 * @param points             points of the segment
 */
public record ConsolidationSummary(long generation, long baseGeneration, boolean published, List<String> workers,
        List<String> skippedLiveWorkers, List<String> uncommittedWorkers, long files, long chunks, long labels,
        long points) {
    public ConsolidationSummary {
        workers = List.copyOf(workers);
        skippedLiveWorkers = List.copyOf(skippedLiveWorkers);
        uncommittedWorkers = List.copyOf(uncommittedWorkers);
    }
}
