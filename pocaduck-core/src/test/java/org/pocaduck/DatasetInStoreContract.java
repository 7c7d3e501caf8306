package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;

/**
 * Every step — ingest, flush, consolidate, optimize, cleanup, query — run directly against an object store, checked
 * against the same steps on local disk. Each object-store module runs it against its real (or in-process) server.
 */
public abstract class DatasetInStoreContract {
    private static final OptimizerOptions SMALL_FILES = OptimizerOptions.defaults().withTargetFileBytes(4096);

    @TempDir
    protected Path local;

    /** A new, empty dataset location in the store under test. */
    protected abstract StorageConfig newLocation();

    @Test
    void everyStepRunsInTheStoreAndAnswersLikeTheDisk() throws IOException {
        StorageConfig disk = StorageConfig.local(local.resolve("disk"));
        StorageConfig bucket = newLocation();
        StoredDatasets.writeH01(disk);
        StoredDatasets.writeH01(bucket);
        assertSameAnswers(disk, bucket);

        OptimizationSummary onDisk = Optimizer.optimize(disk, SMALL_FILES);
        OptimizationSummary inBucket = Optimizer.optimize(bucket, SMALL_FILES);
        assertThat(inBucket.shards()).isEqualTo(onDisk.shards()).isGreaterThan(1);
        assertThat(inBucket.pointsWritten()).isEqualTo(onDisk.pointsWritten());
        assertSameAnswers(disk, bucket);

        for (StorageConfig config : List.of(disk, bucket)) {
            try (Ingestor late = Ingestor.open(config, "late")) {
                late.write(1L << 63, "late-block", new long[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
                late.write(H01Sample.chunks().get(0).label(), "late-block", new long[][] {{9, 9, 9, 9}});
            }
            Ingestor.consolidateIndexes(config);
        }
        assertSameAnswers(disk, bucket);

        Optimizer.optimize(disk, SMALL_FILES);
        Optimizer.optimize(bucket, SMALL_FILES);
        CleanupSummary diskCleanup = Optimizer.cleanup(disk);
        CleanupSummary bucketCleanup = Optimizer.cleanup(bucket);
        assertThat(bucketCleanup.filesRemoved()).isPositive();
        assertSameAnswers(disk, bucket);
        try (Query query = Query.open(bucket)) {
            assertThat(query.statistics().fullyOptimized()).isTrue();
        }
        assertThat(keys(bucket)).noneMatch(key -> key.startsWith("workers/") && key.endsWith(".parquet"))
                .noneMatch(key -> key.startsWith("compact/run-000001/"));
        assertThat(diskCleanup.filesRemoved()).isPositive();
    }

    /** Seeded random points of several workers, labels at the edges of uint64, small part files, in the store only. */
    @Test
    void randomPointsRoundTripThroughTheStore() {
        StorageConfig bucket = newLocation();
        SplittableRandom random = new SplittableRandom(20261125);
        long[] labels = {0, 1, 77, Long.MAX_VALUE, Long.MIN_VALUE, -1L};
        Map<Long, List<String>> expected = new TreeMap<>(Long::compareUnsigned);
        IngestorOptions options = IngestorOptions.defaults().withMaxPointsPerFile(37);
        for (int worker = 0; worker < 3; worker++) {
            try (Ingestor ingestor = Ingestor.open(bucket, "w" + worker, options)) {
                for (int write = 0; write < 15; write++) {
                    long label = labels[random.nextInt(labels.length)];
                    double[][] points = new double[1 + random.nextInt(20)][3];
                    for (double[] point : points) {
                        for (int d = 0; d < 3; d++) {
                            point[d] = random.nextDouble(-1e6, 1e6);
                        }
                        expected.computeIfAbsent(label, l -> new ArrayList<>()).add(Arrays.toString(point));
                    }
                    ingestor.write(label, "block-" + random.nextInt(4), points);
                    if (random.nextInt(5) == 0) {
                        ingestor.flush();
                    }
                }
            }
        }
        ConsolidationSummary summary = Ingestor.consolidateIndexes(bucket);
        assertThat(summary.workers()).containsExactly("w0", "w1", "w2");
        assertPoints(bucket, expected);
        Optimizer.optimize(bucket, SMALL_FILES.withDeduplication(false));
        assertPoints(bucket, expected);
    }

    /**
     * A worker that dies after uploading a part but before its index leaves an object nothing names: consolidation
     * ignores it, and the worker reopened under its id removes it and goes on numbering after it.
     */
    @Test
    void aPartUploadedBeforeACrashStaysInvisibleAndIsRemovedOnRestart() throws IOException {
        StorageConfig bucket = newLocation();
        try (Ingestor worker = Ingestor.open(bucket, "w")) {
            worker.write(5, "b", new long[][] {{1, 2, 3}});
            worker.flush();
            worker.write(5, "b", new long[][] {{4, 5, 6}});
        }
        String orphan = "workers/w/part-000003.parquet";
        try (ObjectStore store = ObjectStores.open(bucket)) {
            store.write(orphan, "the first bytes of a part whose worker died".getBytes());
        }
        Ingestor.consolidateIndexes(bucket);
        try (Query query = Query.open(bucket)) {
            assertThat(query.getPointCount(5)).isEqualTo(2);
            assertThat(query.verify()).isEmpty();
        }

        try (Ingestor restarted = Ingestor.open(bucket, "w")) {
            assertThat(keys(bucket)).doesNotContain(orphan);
            restarted.write(5, "c", new long[][] {{7, 8, 9}});
        }
        Ingestor.consolidateIndexes(bucket);
        assertThat(keys(bucket)).contains("workers/w/part-000004.parquet");
        try (Query query = Query.open(bucket)) {
            assertThat(PointRows.sorted(query.getPoints(5).toLongArray())).isEqualTo(
                    PointRows.sorted(new long[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}));
            assertThat(query.getBlocksForLabel(5)).containsExactly("b", "c");
        }
    }

    /** Without locks in a store, the part names are the guard: a second Ingestor of a worker id cannot publish. */
    @Test
    void twoIngestorsOfOneWorkerIdCannotBothPublish() {
        StorageConfig bucket = newLocation();
        try (Ingestor first = Ingestor.open(bucket, "w", IngestorOptions.defaults().withSchema(
                PointSchema.of(ColumnType.INT64, "x", "y", "z")));
                Ingestor second = Ingestor.open(bucket, "w")) {
            first.write(1, "b", new long[][] {{1, 1, 1}});
            first.flush();
            second.write(2, "b", new long[][] {{2, 2, 2}});
            assertThatThrownBy(second::flush).isInstanceOf(WorkerInUseException.class)
                    .hasMessageContaining("'w'").hasMessageContaining(bucket.location());
            assertThatThrownBy(second::close).isInstanceOf(WorkerInUseException.class);
        }
        Ingestor.consolidateIndexes(bucket);
        try (Query query = Query.open(bucket)) {
            assertThat(query.getLabels()).containsExactly(1L);
        }
    }

    /** Task attempts that were never committed stay invisible in a store too. */
    @Test
    void onlyCommittedAttemptsOfATaskBecomeVisible() {
        StorageConfig bucket = newLocation();
        IngestorOptions attempt = IngestorOptions.defaults().withCommitRequired();
        for (String id : List.of("task-0-attempt-0", "task-0-attempt-1")) {
            try (Ingestor ingestor = Ingestor.open(bucket, id, attempt)) {
                ingestor.write(3, "b", new long[][] {{1, 2, 3}, {4, 5, 6}});
            }
        }
        assertThatThrownBy(() -> Ingestor.commitWorker(bucket, "task-9-attempt-0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task-9-attempt-0");
        Ingestor.commitWorker(bucket, "task-0-attempt-1");

        ConsolidationSummary summary = Ingestor.consolidateIndexes(bucket);

        assertThat(summary.workers()).containsExactly("task-0-attempt-1");
        assertThat(summary.uncommittedWorkers()).containsExactly("task-0-attempt-0");
        try (Query query = Query.open(bucket)) {
            assertThat(query.getPointCount(3)).isEqualTo(2);
        }
    }

    private static void assertSameAnswers(StorageConfig disk, StorageConfig bucket) {
        try (Query onDisk = Query.open(disk); Query inBucket = Query.open(bucket)) {
            StoredDatasets.assertSameAnswers(onDisk, inBucket);
        }
    }

    private static void assertPoints(StorageConfig config, Map<Long, List<String>> expected) {
        try (Query query = Query.open(config)) {
            assertThat(query.getLabels()).hasSize(expected.size());
            assertThat(query.streamLabels().toArray()).as("streamed from the store").containsExactly(query.getLabels());
            for (var label : expected.entrySet()) {
                List<String> stored = new ArrayList<>();
                for (double[] point : query.getPoints(label.getKey()).toDoubleArray()) {
                    stored.add(Arrays.toString(point));
                }
                assertThat(stored).as("label %s", Long.toUnsignedString(label.getKey()))
                        .containsExactlyInAnyOrderElementsOf(label.getValue());
            }
            assertThat(query.verify()).isEmpty();
        }
    }

    protected static List<String> keys(StorageConfig config) {
        try (ObjectStore store = ObjectStores.open(config)) {
            return store.list("").stream().map(ObjectInfo::key).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
