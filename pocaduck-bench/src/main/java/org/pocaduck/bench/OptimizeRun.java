package org.pocaduck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.pocaduck.OptimizationSummary;
import org.pocaduck.Optimizer;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.StorageConfig;

/**
 * One optimization of a copy of an ingested dataset, step by step as distributed workers run it: plan, every shard
 * on {@code threads} threads (the workers' part), commit (the closing consolidation), then cleanup (not timed).
 *
 * @param threads         threads optimizing shards at once
 * @param targetFileBytes the target file size asked for
 * @param dataset         the optimized copy
 * @param planNanos       planning
 * @param shardNanos      writing every shard
 * @param commitNanos     the commit's consolidation
 * @param summary         what the shard workers reported
 */
record OptimizeRun(int threads, long targetFileBytes, Path dataset, long planNanos, long shardNanos,
        long commitNanos, OptimizationSummary summary) {

    static OptimizeRun of(Path source, Path copy, int threads, long targetFileBytes) {
        copyTree(source, copy);
        StorageConfig config = StorageConfig.local(copy);
        OptimizerOptions options = OptimizerOptions.defaults().withThreads(threads)
                .withTargetFileBytes(targetFileBytes);
        long start = System.nanoTime();
        Optimizer.plan(config, options);
        long planned = System.nanoTime();
        OptimizationSummary summary = Optimizer.optimizeShards(config, options, 0, 1);
        long written = System.nanoTime();
        Optimizer.commit(config);
        long committed = System.nanoTime();
        Optimizer.cleanup(config);
        return new OptimizeRun(threads, targetFileBytes, copy, planned - start, written - planned,
                committed - written, summary);
    }

    /** Points per second of the shard workers. */
    double shardPointsPerSecond() {
        return summary.pointsRead() * 1e9 / shardNanos;
    }

    /** Points per second from plan to commit. */
    double pointsPerSecond() {
        return summary.pointsRead() * 1e9 / (planNanos + shardNanos + commitNanos);
    }

    double bytesPerPoint() {
        return (double) summary.bytesWritten() / summary.pointsWritten();
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path path : tree.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().endsWith(".lock")) {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }
}
