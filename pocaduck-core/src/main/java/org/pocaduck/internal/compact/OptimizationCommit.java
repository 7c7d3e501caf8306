package org.pocaduck.internal.compact;

import java.util.HashSet;
import java.util.Set;
import org.pocaduck.ConsolidationProgress;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.PocaduckException;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.OptimizationRuns;
import org.pocaduck.internal.format.RunPlan;
import org.pocaduck.internal.index.Consolidator;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * Makes a finished optimization run visible: a consolidation built on the run's shards plus every worker part the run
 * does not replace (data ingested since the plan included), published by the usual atomic manifest switch.
 */
final class OptimizationCommit {
    private OptimizationCommit() {
    }

    static ConsolidationSummary commit(DatasetWorkspace workspace) {
        DatasetLayout layout = workspace.layout();
        return Consolidator.consolidateFully(workspace, (manifest, duck) -> {
            RunPlan plan = OptimizationRuns.newestPending(workspace, manifest.optimizedRun()).orElseThrow(() ->
                    new PocaduckException("no optimization of " + layout.location() + " is waiting to be committed"));
            int unfinished = 0;
            int firstUnfinished = -1;
            Set<String> runKeys = new HashSet<>(workspace.list(plan.run() + "/"));
            for (int shard = 0; shard < plan.shards(); shard++) {
                if (!runKeys.contains(DatasetLayout.shardIndex(plan.run(), shard))) {
                    unfinished++;
                    firstUnfinished = firstUnfinished < 0 ? shard : firstUnfinished;
                }
            }
            if (unfinished > 0) {
                throw new PocaduckException("optimization run " + plan.run() + " of " + layout.location() + " is not"
                        + " finished: " + unfinished + " of " + plan.shards() + " shards are not written yet (the first"
                        + " is shard " + firstUnfinished + "); run the optimize workers to completion first");
            }
            return plan.run();
        }, ConsolidationProgress.NONE);
    }
}
