package org.pocaduck;

import java.nio.file.Path;

/** The child process of {@link OptimizeCrashTest}: optimizes every shard of the planned run, as worker 0 of 1. */
public final class OptimizingWorker {
    private OptimizingWorker() {
    }

    public static void main(String[] args) {
        Optimizer.optimizeShards(StorageConfig.local(Path.of(args[0])), OptimizerOptions.defaults(), 0, 1);
    }
}
