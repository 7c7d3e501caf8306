package org.pocaduck.internal.compact;

import java.util.Optional;
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

    /** A summary of no work, when the dataset is already optimized as {@code options} ask. */
    public static Optional<OptimizationSummary> upToDate(DatasetLayout layout, OptimizerOptions options) {
        return OptimizationPlanner.upToDate(layout, options).map(plan -> new OptimizationSummary(plan.run(),
                plan.shards(), 0, plan.shards(), 0, 0, 0, 0, 0));
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
