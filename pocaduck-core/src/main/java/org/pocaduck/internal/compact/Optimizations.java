package org.pocaduck.internal.compact;

import org.pocaduck.CleanupSummary;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.OptimizationPlan;
import org.pocaduck.OptimizationSummary;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.RunPlan;

/** The steps of an optimization, as the public {@code Optimizer} offers them. */
public final class Optimizations {
    private Optimizations() {
    }

    public static OptimizationPlan plan(DatasetLayout layout, OptimizerOptions options) {
        RunPlan plan = OptimizationPlanner.plan(layout, options);
        return new OptimizationPlan(plan.run(), plan.sourceGeneration(), plan.shards(), plan.points(),
                plan.targetFilePoints(), plan.deduplicate());
    }

    public static OptimizationSummary optimizeShards(DatasetLayout layout, OptimizerOptions options, int worker,
            int workers) {
        return ShardWork.run(layout, options, worker, workers);
    }

    public static ConsolidationSummary commit(DatasetLayout layout) {
        return OptimizationCommit.commit(layout);
    }

    public static CleanupSummary cleanup(DatasetLayout layout) {
        return OptimizationCleanup.cleanup(layout);
    }
}
