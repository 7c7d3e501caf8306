package org.pocaduck.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.DatasetNotFoundException;
import org.pocaduck.DatasetSnapshot;
import org.pocaduck.Ingestor;
import org.pocaduck.Optimizer;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.PocaduckException;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import org.pocaduck.StoredDatasets;

/**
 * Every step — ingest, consolidate, optimize, cleanup, query — against s3proxy through a {@link FaultyRelay}, checked
 * against the same steps on disk. Faults the client's retries absorb must not change any answer; a step that fails
 * for good must throw one exception naming the dataset and leave the dataset answering as before the step or as
 * after it, and running the step again without faults must complete it.
 */
class S3FaultInjectionTest {
    /** Short, so that a stalled request costs the client little: its read timeout is this long. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final OptimizerOptions SMALL_FILES = OptimizerOptions.defaults().withTargetFileBytes(4096);
    private static final long[] LABELS = {0, 1, 77, 4096, Long.MAX_VALUE, -1L};
    private static final AtomicInteger DATASETS = new AtomicInteger();

    /** One step of the pipeline; {@code worker} names the worker an ingest step adds, else null. */
    private record Step(String name, String worker, Consumer<StorageConfig> run) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Step> PIPELINE = List.of(
            ingest("a", 1),
            ingest("b", 2),
            new Step("consolidate", null, Ingestor::consolidateIndexes),
            new Step("optimize", null, config -> Optimizer.optimize(config, SMALL_FILES)),
            ingest("late", 3),
            new Step("consolidate the late worker", null, Ingestor::consolidateIndexes),
            new Step("optimize and clean up", null, config -> {
                Optimizer.optimize(config, SMALL_FILES);
                Optimizer.cleanup(config);
            }));

    private static S3ProxyServer server;
    private static FaultyRelay relay;
    @TempDir
    static Path disk;
    private static StorageConfig reference;
    /** The answers on disk of the workers ingested so far, by how many of them (in pipeline order) there are. */
    private static List<DatasetSnapshot> answersAfterWorkers;

    @BeforeAll
    static void start() throws Exception {
        server = new S3ProxyServer();
        relay = new FaultyRelay(server.port());
        reference = StorageConfig.local(disk.resolve("reference"));
        for (Step step : PIPELINE) {
            step.run().accept(reference);
        }
        answersAfterWorkers = new ArrayList<>(List.of(new DatasetSnapshot(0, Map.of())));
        List<String> ingested = new ArrayList<>();
        for (Step step : PIPELINE) {
            if (step.worker() != null) {
                ingested.add(step.worker());
                StorageConfig partial = StorageConfig.local(disk.resolve("workers-" + String.join("-", ingested)));
                PIPELINE.stream().filter(s -> ingested.contains(s.worker())).forEach(s -> s.run().accept(partial));
                Ingestor.consolidateIndexes(partial);
                answersAfterWorkers.add(DatasetSnapshot.of(partial));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
        server.close();
    }

    @Test
    void faultsThatRetriesAbsorbChangeNoAnswer() {
        StorageConfig bucket = newLocation();
        relay.failFirstAttempts(20261125, 0.15, true);
        for (Step step : PIPELINE) {
            step.run().accept(bucket);
        }
        try (Query onDisk = Query.open(reference); Query inBucket = Query.open(bucket)) {
            StoredDatasets.assertSameAnswers(onDisk, inBucket);
        }
        assertThat(relay.injected().keySet()).containsExactlyInAnyOrder(FaultyRelay.Fault.DROP,
                FaultyRelay.Fault.STALL, FaultyRelay.Fault.SLOW_DOWN, FaultyRelay.Fault.INTERNAL_ERROR);
        relay.passAll();
    }

    @Test
    void aStepThatFailsForGoodLeavesTheDatasetConsistentAndRunsAgain() {
        for (int i = 0; i < PIPELINE.size(); i++) {
            StorageConfig bucket = newLocation();
            relay.passAll();
            PIPELINE.subList(0, i).forEach(step -> step.run().accept(bucket));
            Step step = PIPELINE.get(i);
            relay.failEveryAttempt(20261125 + i, 0.5);
            PocaduckException failure = catchThrowableOfType(() -> step.run().accept(bucket),
                    PocaduckException.class);
            relay.passAll();
            assertThat(failure).as("step '%s' under faults", step).isNotNull();
            assertThat(failure.getMessage()).contains(bucket.location());
            recoverAndFinish(bucket, i);
        }
    }

    @Test
    void queriesFailWithOneExceptionOrAnswerLikeTheDisk() {
        StorageConfig bucket = newLocation();
        relay.passAll();
        PIPELINE.forEach(step -> step.run().accept(bucket));
        DatasetSnapshot expected = DatasetSnapshot.of(reference);
        int failures = 0;
        for (int round = 0; round < 6; round++) {
            relay.failEveryAttempt(round, 0.2);
            PocaduckException failure = catchThrowableOfType(() -> assertThat(DatasetSnapshot.of(bucket))
                    .isEqualTo(expected), PocaduckException.class);
            if (failure != null) {
                assertThat(failure.getMessage()).contains(bucket.location());
                failures++;
            }
        }
        relay.passAll();
        assertThat(failures).isPositive();
        assertThat(DatasetSnapshot.of(bucket)).isEqualTo(expected);
    }

    /**
     * The store fills up at the k-th write of the pipeline, for every k: the step writing then fails, and once there
     * is space again the dataset answers as before or after that step and the pipeline completes.
     */
    @Test
    void aStoreThatFillsUpAtAnyWriteLeavesTheDatasetConsistent() {
        StorageConfig counted = newLocation();
        relay.passAll();
        PIPELINE.forEach(step -> step.run().accept(counted));
        long writes = relay.writes();
        assertThat(writes).isGreaterThan(PIPELINE.size());
        for (long k = 1; k <= writes; k++) {
            StorageConfig bucket = newLocation();
            relay.fillUpAtWrite(k);
            int failed = -1;
            for (int i = 0; i < PIPELINE.size() && failed < 0; i++) {
                Step step = PIPELINE.get(i);
                PocaduckException failure = catchThrowableOfType(() -> step.run().accept(bucket),
                        PocaduckException.class);
                if (failure != null) {
                    assertThat(failure.getMessage()).as("step '%s', write %d", step, k)
                            .contains(bucket.location());
                    failed = i;
                }
            }
            relay.passAll();
            assertThat(failed).as("a step failed at write %d", k).isNotNegative();
            recoverAndFinish(bucket, failed);
        }
    }

    /**
     * After step {@code failed} failed: the dataset, consolidated, answers as before or after the step; the step runs
     * again unless it took effect, the rest of the pipeline follows, and the answers are the disk's.
     */
    private static void recoverAndFinish(StorageConfig bucket, int failed) {
        Step step = PIPELINE.get(failed);
        int workersBefore = (int) PIPELINE.subList(0, failed).stream().filter(s -> s.worker() != null).count();
        DatasetSnapshot before = answersAfterWorkers.get(workersBefore);
        DatasetSnapshot after = answersAfterWorkers.get(workersBefore + (step.worker() != null ? 1 : 0));
        DatasetSnapshot found = consolidatedAnswers(bucket);
        assertThat(found).as("answers after a failed '%s'", step).isIn(before, after);
        boolean tookEffect = step.worker() != null && found.equals(after);
        PIPELINE.subList(tookEffect ? failed + 1 : failed, PIPELINE.size())
                .forEach(s -> s.run().accept(bucket));
        assertThat(DatasetSnapshot.of(bucket)).as("answers after '%s' failed and ran again", step)
                .isEqualTo(DatasetSnapshot.of(reference));
        try (Query query = Query.open(bucket)) {
            assertThat(query.verify()).isEmpty();
        }
    }

    private static DatasetSnapshot consolidatedAnswers(StorageConfig bucket) {
        try {
            Ingestor.consolidateIndexes(bucket);
        } catch (DatasetNotFoundException e) {
            return answersAfterWorkers.get(0);
        }
        return DatasetSnapshot.of(bucket);
    }

    private static StorageConfig newLocation() {
        return StorageConfig.builder("s3://" + S3ProxyServer.BUCKET + "/faults/ds-" + DATASETS.incrementAndGet())
                .s3EndpointUrl(relay.endpoint()).s3Region("us-east-1").s3AccessKeyId(S3ProxyServer.ACCESS_KEY_ID)
                .s3SecretAccessKey(S3ProxyServer.SECRET_ACCESS_KEY).timeout(TIMEOUT).build();
    }

    /**
     * Worker {@code worker} writes seeded random points of a few labels and blocks, flushed once when it closes: its
     * points become visible all together or not at all.
     */
    private static Step ingest(String worker, long seed) {
        return new Step("ingest worker " + worker, worker, config -> {
            SplittableRandom random = new SplittableRandom(seed);
            try (Ingestor ingestor = Ingestor.open(config, worker)) {
                for (int write = 0; write < 12; write++) {
                    long[][] points = new long[1 + random.nextInt(30)][3];
                    for (long[] point : points) {
                        for (int d = 0; d < 3; d++) {
                            point[d] = random.nextLong(-1_000_000, 1_000_000);
                        }
                    }
                    ingestor.write(LABELS[random.nextInt(LABELS.length)], worker + "-block-" + random.nextInt(3),
                            points);
                }
            }
        });
    }
}
