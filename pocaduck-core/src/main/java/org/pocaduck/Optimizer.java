package org.pocaduck;

import java.util.Objects;
import java.util.Optional;
import org.pocaduck.internal.compact.Optimizations;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * Rewrites a consolidated dataset so that every label is contiguous: after optimization a label costs one index
 * lookup and one contiguous read per file it spans (only labels larger than a file span more than one).
 *
 * <p>One call does it all on this machine:
 * <pre>{@code
 * Optimizer.optimize(config, OptimizerOptions.defaults().withThreads(4));
 * }</pre>
 * The same work distributed over processes or machines has the shape of ingestion — plan once, let independent
 * workers write their shards, then commit:
 * <pre>{@code
 * Optimizer.plan(config, options);                 // once; idempotent
 * Optimizer.optimizeShards(config, options, k, n); // on worker k of n; rerun after a crash: finished shards are kept
 * Optimizer.commit(config);                        // once every worker has finished
 * }</pre>
 *
 * <p>What optimization keeps and guarantees:
 * <ul>
 * <li>Block ids: the optimized files carry a {@code block_id} column and the index keeps every (label, block), so
 *     {@link Query#getBlocksForLabel} answers as before.
 * <li>Points: all of them, unless {@link OptimizerOptions#withDeduplication deduplication} is asked for. Within a
 *     label, points are ordered by block id, then by the order in which workers (by id) and flushes wrote them.
 * <li>Readers: a {@link Query} keeps the generation it opened; queries opened after {@link #commit} use the optimized
 *     files. The files the optimization replaced stay until {@link #cleanup} is called.
 * <li>New data: workers may keep ingesting during and after an optimization; a consolidation merges their new parts
 *     with the optimized files, and the next optimization folds them in.
 * </ul>
 */
public final class Optimizer {
    private Optimizer() {
    }

    /** Optimizes with the default options. */
    public static OptimizationSummary optimize(StorageConfig config) {
        return optimize(config, OptimizerOptions.defaults());
    }

    /**
     * Plans, optimizes every shard on {@link OptimizerOptions#threads()} threads and commits. Resumes a run that was
     * interrupted (finished shards are kept). Does nothing when the dataset is optimized already, with nothing
     * ingested since (and deduplicated, if asked): the summary then reports no shard written and generation 0.
     *
     * @throws DatasetNotFoundException if there is no dataset, or it was never consolidated
     */
    public static OptimizationSummary optimize(StorageConfig config, OptimizerOptions options) {
        Objects.requireNonNull(options, "options");
        Optional<OptimizationSummary> upToDate = DatasetWorkspace.run(config, "optimize",
                workspace -> Optimizations.upToDate(workspace, options));
        if (upToDate.isPresent()) {
            return upToDate.get();
        }
        plan(config, options);
        OptimizationSummary work = optimizeShards(config, options, 0, 1);
        ConsolidationSummary committed = commit(config);
        return new OptimizationSummary(work.run(), work.shards(), work.shardsOptimized(), work.shardsSkipped(),
                work.pointsRead(), work.pointsWritten(), work.filesWritten(), work.bytesWritten(),
                committed.generation());
    }

    /**
     * Plans the optimization of the current generation, or returns the plan already made for it. Every worker of the
     * run uses this plan; planning again before the run is committed changes nothing.
     *
     * @throws PocaduckException if the generation is already being optimized with a different deduplication setting
     */
    public static OptimizationPlan plan(StorageConfig config, OptimizerOptions options) {
        Objects.requireNonNull(options, "options");
        return DatasetWorkspace.run(config, "plan the optimization",
                workspace -> Optimizations.plan(workspace, options));
    }

    /**
     * Optimizes the shards of the planned run that belong to worker {@code worker} of {@code workers} (shard number
     * modulo {@code workers}), skipping finished ones, on {@link OptimizerOptions#threads()} threads. A shard another
     * worker is writing is waited for, and taken over if that worker stops first; so when this returns every shard of
     * worker {@code worker} is finished, also when two workers ran with the same number (a retried or speculative
     * task). The run's plan fixes the file size and deduplication; of
     * {@code options} only the threads, row group size and progress apply.
     *
     * @throws PocaduckException if no optimization is planned
     */
    public static OptimizationSummary optimizeShards(StorageConfig config, OptimizerOptions options, int worker,
            int workers) {
        Objects.requireNonNull(options, "options");
        return DatasetWorkspace.run(config, "optimize shards",
                workspace -> Optimizations.optimizeShards(workspace, options, worker, workers));
    }

    /**
     * Publishes the finished run as a new generation, with every worker part it did not replace (data ingested
     * since it was planned). Readers opened afterwards see the optimized layout.
     *
     * @throws PocaduckException if no run is planned or one of its shards is not written yet
     */
    public static ConsolidationSummary commit(StorageConfig config) {
        return DatasetWorkspace.run(config, "commit the optimization", Optimizations::commit);
    }

    /**
     * Deletes what the current generation no longer uses: worker part files the committed optimization replaced,
     * older optimization runs, and older index generations. Call it when no {@link Query} opened before the last
     * commit is still in use: such a reader would lose the files it reads. Parts of workers that are open are left
     * for a later cleanup.
     */
    public static CleanupSummary cleanup(StorageConfig config) {
        return DatasetWorkspace.run(config, "clean up", Optimizations::cleanup);
    }
}
