package org.pocaduck.internal.compact;

import java.util.Optional;
import org.pocaduck.CleanupSummary;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.OptimizationPlan;
import org.pocaduck.OptimizationSummary;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.internal.store.DatasetWorkspace;
import org.pocaduck.internal.format.RunPlan;

/** The steps of an optimization, as the public {@code Optimizer} offers them. */
public final class Optimizations {
    private Optimizations() {
    }

    public static OptimizationPlan plan(DatasetWorkspace workspace, OptimizerOptions options) {
        RunPlan plan = OptimizationPlanner.plan(workspace, options);
        return new OptimizationPlan(plan.run(), plan.sourceGeneration(), plan.shards(), plan.points(),
                plan.targetFilePoints(), plan.deduplicate());
    }

    /** A summary of no work, when the dataset is already optimized as {@code options} ask. */
    public static Optional<OptimizationSummary> upToDate(DatasetWorkspace workspace, OptimizerOptions options) {
        return OptimizationPlanner.upToDate(workspace, options).map(plan -> new OptimizationSummary(plan.run(),
                plan.shards(), 0, plan.shards(), 0, 0, 0, 0, 0));
    }

    public static OptimizationSummary optimizeShards(DatasetWorkspace workspace, OptimizerOptions options, int worker,
            int workers) {
        return ShardWork.run(workspace, options, worker, workers);
    }

    public static ConsolidationSummary commit(DatasetWorkspace workspace) {
        return OptimizationCommit.commit(workspace);
    }

    public static CleanupSummary cleanup(DatasetWorkspace workspace) {
        return OptimizationCleanup.cleanup(workspace);
    }
}
