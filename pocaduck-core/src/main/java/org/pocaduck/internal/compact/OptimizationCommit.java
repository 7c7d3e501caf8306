package org.pocaduck.internal.compact;

import java.nio.file.Files;
import org.pocaduck.ConsolidationProgress;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.PocaduckException;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.OptimizationRuns;
import org.pocaduck.internal.format.RunPlan;
import org.pocaduck.internal.index.Consolidator;

/**
 * Makes a finished optimization run visible: a consolidation built on the run's shards plus every worker part the run
 * does not replace (data ingested since the plan included), published by the usual atomic manifest switch.
 */
final class OptimizationCommit {
    private OptimizationCommit() {
    }

    static ConsolidationSummary commit(DatasetLayout layout) {
        return Consolidator.consolidate(layout, (manifest, duck) -> {
            RunPlan plan = OptimizationRuns.newestPending(layout, duck, manifest.optimizedRun()).orElseThrow(() ->
                    new PocaduckException("no optimization of " + layout.base() + " is waiting to be committed"));
            int unfinished = 0;
            int firstUnfinished = -1;
            for (int shard = 0; shard < plan.shards(); shard++) {
                if (!Files.exists(layout.shardIndex(plan.run(), shard))) {
                    unfinished++;
                    firstUnfinished = firstUnfinished < 0 ? shard : firstUnfinished;
                }
            }
            if (unfinished > 0) {
                throw new PocaduckException("optimization run " + plan.run() + " of " + layout.base() + " is not"
                        + " finished: " + unfinished + " of " + plan.shards() + " shards are not written yet (the first"
                        + " is shard " + firstUnfinished + "); run the optimize workers to completion first");
            }
            return plan.run();
        }, ConsolidationProgress.NONE);
    }
}
