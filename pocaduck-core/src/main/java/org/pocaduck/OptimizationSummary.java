package org.pocaduck;

/**
 * What a call of {@link Optimizer#optimize} or {@link Optimizer#optimizeShards} did.
 *
 * @param run              the run's directory, relative to the dataset base
 * @param shards           shards in the run
 * @param shardsOptimized  shards this call wrote
 * @param shardsSkipped    shards this call found finished before it (by an earlier, interrupted call or another
 *                         worker), or that another worker finished while this call waited for it
 * @param pointsRead       points this call read
 * @param pointsWritten    points this call wrote (fewer than read only with deduplication)
 * @param filesWritten     optimized files this call wrote
 * @param bytesWritten     bytes of those files
 * @param generation       the generation that made the run visible, or 0 when this call did not commit it
 */
public record OptimizationSummary(String run, int shards, int shardsOptimized, int shardsSkipped, long pointsRead,
        long pointsWritten, long filesWritten, long bytesWritten, long generation) {
}
