package org.pocaduck;

import java.util.List;

/**
 * What {@link Optimizer#cleanup} removed.
 *
 * @param filesRemoved       files deleted: worker parts an optimization replaced, superseded runs, old generations
 * @param bytesRemoved       their bytes
 * @param skippedLiveWorkers ids of workers that were open, whose replaced parts were left for a later cleanup
 */
public record CleanupSummary(long filesRemoved, long bytesRemoved, List<String> skippedLiveWorkers) {
    public CleanupSummary {
        skippedLiveWorkers = List.copyOf(skippedLiveWorkers);
    }
}
