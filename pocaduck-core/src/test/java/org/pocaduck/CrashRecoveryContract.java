package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;

/**
 * Kills a child JVM (SIGKILL) in the middle of ingestion, then checks that every flushed point is there, that nothing
 * of an unfinished flush is visible, and that the worker can be reopened and continue. Run on local disk here and
 * against an object store by the store modules.
 */
public abstract class CrashRecoveryContract {
    private static final String WORKER = "crashing-worker";

    /** Where the child ingests. */
    protected abstract StorageConfig dataset();

    /** The child's location argument and JVM options that let it reach {@link #dataset()}. */
    protected abstract String childLocation();

    protected abstract List<String> childJvmOptions();

    @Test
    void killedWorkerKeepsEveryFlushAndNothingElse() throws Exception {
        long seed = 20261125L;
        Random random = new Random(seed);
        StorageConfig config = dataset();
        int firstBatch = 1;
        for (int round = 0; round < 3; round++) {
            int reported = runAndKill(seed, firstBatch, 2 + round, random.nextInt(300));
            assertThat(reported).isGreaterThanOrEqualTo(firstBatch + 1 + round);

            // A killed worker that is never restarted still counts: consolidation reads what it committed.
            Ingestor.consolidateIndexes(config);
            int visible = visibleBatches(config, seed);
            // The kill may land after a flush returned but before its progress line was written.
            assertThat(visible).as("flushes visible after the kill in round %d", round)
                    .isBetween(reported, reported + 1);

            // Reopening cleans what the killed flush left and changes nothing that is visible.
            Ingestor.open(config, WORKER).close();
            Ingestor.consolidateIndexes(config);
            assertThat(visibleBatches(config, seed)).isEqualTo(visible);
            try (ObjectStore store = ObjectStores.open(config); Query query = Query.open(config)) {
                List<String> left = store.list("workers/" + WORKER + "/").stream().map(ObjectInfo::key).toList();
                assertThat(left).noneMatch(key -> key.endsWith(".tmp"));
                assertThat(left.stream().filter(key -> key.endsWith(".parquet")).count())
                        .as("part files, all of them indexed").isEqualTo(query.statistics().files());
            }
            firstBatch = visible + 1;
        }
    }

    /** Starts the child, waits until it reports {@code minimumFlushes} more flushes, waits a bit more, kills it. */
    private int runAndKill(long seed, int firstBatch, int minimumFlushes, int extraMillis) throws Exception {
        Path progress = Files.createTempFile("pocaduck-crash", ".progress");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Xmx1g"));
        command.addAll(childJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashingIngestion.class.getName(),
                childLocation(), WORKER, Long.toString(seed), Integer.toString(firstBatch), progress.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (lastReported(progress, firstBatch) < firstBatch - 1 + minimumFlushes) {
                assertThat(child.isAlive()).as("the child is still ingesting").isTrue();
                assertThat(System.nanoTime()).as("the child reports flushes in time").isLessThan(deadline);
                Thread.sleep(5);
            }
            Thread.sleep(extraMillis);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        int reported = lastReported(progress, firstBatch);
        Files.delete(progress);
        return reported;
    }

    private static int lastReported(Path progress, int firstBatch) throws IOException {
        List<String> lines = Files.readAllLines(progress);
        return lines.isEmpty() ? firstBatch - 1 : Integer.parseInt(lines.get(lines.size() - 1));
    }

    /**
     * How many batches the dataset holds; asserts that they are exactly batches 1..n, whole: every label's points
     * equal those of the first n batches.
     */
    private int visibleBatches(StorageConfig config, long seed) throws IOException {
        try (Query query = Query.open(config, QueryOptions.defaults().withCacheBytes(0))) {
            long total = 0;
            for (long label : query.getLabels()) {
                total += query.getPointCount(label);
            }
            assertThat(total % CrashingIngestion.POINTS_PER_BATCH).as("points visible: whole batches only").isZero();
            int batches = (int) (total / CrashingIngestion.POINTS_PER_BATCH);
            Map<Long, List<long[]>> expected = new HashMap<>();
            for (int k = 1; k <= batches; k++) {
                for (H01Sample.Chunk chunk : CrashingIngestion.batch(seed, k)) {
                    expected.computeIfAbsent(chunk.label(), label -> new ArrayList<>()).addAll(List.of(chunk.points()));
                }
            }
            assertThat(query.getLabels()).hasSize(expected.size());
            for (var entry : expected.entrySet()) {
                assertThat(PointRows.sorted(query.getPoints(entry.getKey()).toLongArray()))
                        .as("points of label %s", Long.toUnsignedString(entry.getKey()))
                        .isEqualTo(PointRows.sorted(entry.getValue().toArray(long[][]::new)));
            }
            return batches;
        }
    }
}
