package org.pocaduck.spark;

import java.util.List;
import org.pocaduck.ConsolidationSummary;

/**
 * What {@link PocaduckSpark#scan} found, wrote and made visible.
 *
 * @param committedWorkers the worker ids of the task attempts the job accepted, one per task that had blocks
 * @param blocks           blocks scanned
 * @param voxels           voxels of the blocks' regions looked at
 * @param points           points written
 * @param consolidation    the consolidation that followed; its {@code uncommittedWorkers} lists failed, killed and
 *                         duplicate attempts, whose points stay invisible
 */
public record ScanSummary(List<String> committedWorkers, long blocks, long voxels, long points,
        ConsolidationSummary consolidation) {
    public ScanSummary {
        committedWorkers = List.copyOf(committedWorkers);
    }
}
