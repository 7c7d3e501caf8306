package org.pocaduck.spark;

import java.io.Serializable;
import org.apache.spark.api.java.function.Function;
import org.pocaduck.OptimizationSummary;
import org.pocaduck.Optimizer;
import org.pocaduck.OptimizerOptions;

/**
 * Optimizes the shards of one optimize worker number. Safe to run twice at once (a speculative or retried attempt):
 * a shard is finished when its index is published, which happens last; a second attempt skips finished shards and
 * waits for one the first is writing, so whichever attempt Spark accepts returns only once its shards are done.
 */
final class ShardTask implements Function<Integer, ShardTask.Result> {
    private static final long serialVersionUID = 1L;

    /** The serializable part of an {@link OptimizationSummary} that the driver adds up. */
    record Result(int shardsOptimized, int shardsSkipped, long pointsRead, long pointsWritten, long filesWritten,
            long bytesWritten) implements Serializable {
    }

    private final StorageLocation location;
    private final int threads;
    private final int rowGroupSize;
    private final int workers;

    ShardTask(StorageLocation location, OptimizerOptions options, int workers) {
        this.location = location;
        this.threads = options.threads();
        this.rowGroupSize = options.rowGroupSize();
        this.workers = workers;
    }

    @Override
    public Result call(Integer worker) {
        // The plan fixes file size and deduplication; only threads and row group size apply to a worker.
        OptimizerOptions options = OptimizerOptions.defaults().withThreads(threads).withRowGroupSize(rowGroupSize);
        OptimizationSummary summary = Optimizer.optimizeShards(location.config(), options, worker, workers);
        return new Result(summary.shardsOptimized(), summary.shardsSkipped(), summary.pointsRead(),
                summary.pointsWritten(), summary.filesWritten(), summary.bytesWritten());
    }
}
