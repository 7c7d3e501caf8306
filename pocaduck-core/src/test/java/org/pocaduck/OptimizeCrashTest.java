package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills an optimize worker (SIGKILL, in a child JVM) while it is writing a shard, then restarts it: shards finished
 * before the kill are kept as they are, the half-written one is redone, and the committed result answers exactly as
 * the dataset did before.
 */
class OptimizeCrashTest {
    @TempDir
    Path base;

    @Test
    void aKilledWorkerResumesWithoutRedoingFinishedShards() throws Exception {
        StorageConfig config = StorageConfig.local(base);
        Random random = new Random(77);
        try (Ingestor ingestor = Ingestor.open(config, "w")) {
            for (int chunk = 0; chunk < 600; chunk++) {
                long[][] points = new long[400][3];
                for (long[] point : points) {
                    point[0] = random.nextInt(1 << 16);
                    point[1] = random.nextInt(1 << 16);
                    point[2] = chunk;
                }
                ingestor.write(random.nextInt(900) | (chunk % 2 == 0 ? Long.MIN_VALUE : 0), "b" + chunk % 17, points);
            }
        }
        Ingestor.consolidateIndexes(config);
        DatasetSnapshot before = DatasetSnapshot.of(config);
        OptimizationPlan plan = Optimizer.plan(config, OptimizerOptions.defaults().withTargetFileBytes(48 << 10));
        assertThat(plan.shards()).isGreaterThan(10);

        killWhileAShardIsHalfWritten(plan);
        Map<Path, FileTime> finished = finishedShards(plan);
        assertThat(finished).isNotEmpty().hasSizeLessThan(plan.shards());
        assertThatThrownBy(() -> Optimizer.commit(config)).hasMessageContaining("not finished");

        OptimizationSummary resumed = Optimizer.optimizeShards(config, OptimizerOptions.defaults(), 0, 1);

        assertThat(resumed.shardsSkipped()).isEqualTo(finished.size());
        assertThat(resumed.shardsOptimized()).isEqualTo(plan.shards() - finished.size());
        for (var shard : finished.entrySet()) {
            assertThat(Files.getLastModifiedTime(shard.getKey())).as("untouched %s", shard.getKey())
                    .isEqualTo(shard.getValue());
        }
        Optimizer.commit(config);
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
        try (Stream<Path> files = Files.walk(base.resolve(plan.run()))) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".tmp"));
        }
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isEmpty();
        }
    }

    /** Runs the worker in a child JVM and kills it once a shard directory holds a part file but no index yet. */
    private void killWhileAShardIsHalfWritten(OptimizationPlan plan) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), OptimizingWorker.class.getName(), base.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (finishedShards(plan).size() < 2 || halfWrittenShard(plan).isEmpty()) {
                assertThat(child.isAlive()).as("the worker is still optimizing").isTrue();
                assertThat(System.nanoTime()).as("the worker reaches a half-written shard in time")
                        .isLessThan(deadline);
                Thread.sleep(1);
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private Optional<Path> halfWrittenShard(OptimizationPlan plan) throws IOException {
        for (int shard = 0; shard < plan.shards(); shard++) {
            Path directory = base.resolve(String.format("%s/shard-%06d", plan.run(), shard));
            if (Files.isDirectory(directory) && !Files.exists(directory.resolve("index.duckdb"))) {
                try (Stream<Path> files = Files.list(directory)) {
                    if (files.anyMatch(file -> file.toString().endsWith(".parquet"))) {
                        return Optional.of(directory);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Each finished shard's index with its modification time. */
    private Map<Path, FileTime> finishedShards(OptimizationPlan plan) throws IOException {
        Map<Path, FileTime> finished = new HashMap<>();
        for (int shard = 0; shard < plan.shards(); shard++) {
            Path index = base.resolve(String.format("%s/shard-%06d/index.duckdb", plan.run(), shard));
            if (Files.exists(index)) {
                finished.put(index, Files.getLastModifiedTime(index));
            }
        }
        return finished;
    }
}
