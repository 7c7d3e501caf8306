package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.ExclusiveLock;
import org.pocaduck.internal.index.LabelIndex;
import org.pocaduck.internal.parquet.LocalFileSource;

/**
 * Optimization rewrites a dataset without changing any answer: counts, blocks and point sets before and after are
 * identical (as sets with deduplication), on seeded random data and on the H01 sample; afterwards every label is one
 * row range of one file unless it is larger than a file.
 */
class OptimizerTest {
    private static final PointSchema XYZ = PointSchema.of(ColumnType.INT64, "x", "y", "z");
    private static final long[] EDGE_LABELS = {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1L};

    @TempDir
    Path temp;

    /** Writes seeded random chunks with {@code workers} workers: labels from a small pool (edges included), a few big. */
    private static void ingest(StorageConfig config, long seed, int workers, String prefix, PointSchema schema)
            throws IOException {
        Random random = new Random(seed);
        IngestorOptions options = IngestorOptions.defaults().withMaxPointsPerFile(997).withSchema(schema);
        for (int w = 0; w < workers; w++) {
            try (Ingestor ingestor = Ingestor.open(config, prefix + w, options)) {
                for (int write = 0; write < 60; write++) {
                    long label = random.nextInt(4) == 0 ? EDGE_LABELS[random.nextInt(EDGE_LABELS.length)]
                            : random.nextInt(40) + (random.nextBoolean() ? Long.MIN_VALUE + 7 : 1000);
                    int size = label == 1000 ? 3_000 : 1 + random.nextInt(120);
                    double[][] points = new double[size][schema.dimensions()];
                    for (double[] point : points) {
                        for (int d = 0; d < point.length; d++) {
                            point[d] = random.nextInt(50) - 25;
                        }
                    }
                    ingestor.write(label, "b" + random.nextInt(9) + "_" + w, points);
                    if (random.nextInt(10) == 0) {
                        ingestor.flush();
                    }
                }
            }
        }
    }

    private static OptimizerOptions smallFiles() {
        return OptimizerOptions.defaults().withTargetFileBytes(4096).withThreads(2);
    }

    @Test
    void optimizationChangesNoAnswerAndMakesLabelsContiguous() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("dataset"));
        ingest(config, 41, 3, "w", XYZ);
        Ingestor.consolidateIndexes(config);
        DatasetSnapshot before = DatasetSnapshot.of(config);

        OptimizationSummary summary = Optimizer.optimize(config, smallFiles());

        assertThat(summary.shards()).isGreaterThan(3);
        assertThat(summary.shardsOptimized()).isEqualTo(summary.shards());
        assertThat(summary.pointsRead()).isEqualTo(before.points());
        assertThat(summary.pointsWritten()).isEqualTo(before.points());
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
        try (Query query = Query.open(config)) {
            assertThat(query.generation()).isEqualTo(summary.generation());
            assertThat(query.verify()).isEmpty();
            DatasetStatistics statistics = query.statistics();
            assertThat(statistics.files()).isEqualTo(summary.filesWritten());
            assertThat(statistics.optimizedRun()).isEqualTo(summary.run());
            assertThat(statistics.fullyOptimized()).isTrue();
            assertThat(statistics.storedGenerations()).contains(summary.generation() - 1, summary.generation());
        }
        assertEveryLabelContiguous(config, Optimizer.plan(config, smallFiles()));
    }

    @Test
    void optimizingAnOptimizedDatasetDoesNothingUnlessDeduplicationIsNewlyAsked() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("again"));
        ingest(config, 52, 2, "w", XYZ);
        Ingestor.consolidateIndexes(config);
        OptimizationSummary first = Optimizer.optimize(config, smallFiles().withDeduplication(true));

        OptimizationSummary again = Optimizer.optimize(config, smallFiles());
        OptimizationSummary againDeduplicated = Optimizer.optimize(config, smallFiles().withDeduplication(true));

        assertThat(again.shardsOptimized()).isZero();
        assertThat(again.generation()).isZero();
        assertThat(again.run()).isEqualTo(first.run());
        assertThat(againDeduplicated.shardsOptimized()).isZero();
        try (Query query = Query.open(config)) {
            assertThat(query.generation()).isEqualTo(first.generation());
        }

        StorageConfig plain = StorageConfig.local(temp.resolve("plain"));
        ingest(plain, 52, 2, "w", XYZ);
        Ingestor.consolidateIndexes(plain);
        OptimizationSummary kept = Optimizer.optimize(plain, smallFiles());
        OptimizationSummary deduplicated = Optimizer.optimize(plain, smallFiles().withDeduplication(true));
        assertThat(deduplicated.generation()).isEqualTo(kept.generation() + 1);
        assertThat(deduplicated.pointsWritten()).isLessThanOrEqualTo(kept.pointsWritten());
        assertThat(DatasetSnapshot.of(plain)).isEqualTo(DatasetSnapshot.of(config));
    }

    @Test
    void pointsFilteredByBlockAreTheSameBeforeAndAfterOptimization() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("blocks"));
        ingest(config, 51, 3, "w", XYZ);
        Ingestor.consolidateIndexes(config);
        Map<String, List<String>> before = pointsByLabelAndBlock(config);

        Optimizer.optimize(config, smallFiles());

        assertThat(pointsByLabelAndBlock(config)).isEqualTo(before);
        try (Query query = Query.open(config)) {
            long label = query.getLabels()[0];
            List<String> blocks = query.getBlocksForLabel(label);
            List<String> all = new ArrayList<>();
            blocks.forEach(block -> all.addAll(before.get(Long.toUnsignedString(label) + "/" + block)));
            all.sort(null);
            assertThat(DatasetSnapshot.rows(query.getPoints(label, blocks))).isEqualTo(all)
                    .isEqualTo(DatasetSnapshot.rows(query.getPoints(label)));
            assertThat(query.getPoints(label, List.of("no-such-block")).size()).isZero();
            assertThat(query.getPoints(12345, blocks).size()).isZero();
        }
    }

    /** For every (label, block): the points getPoints(label, {block}) returns, as sorted rows. */
    private static Map<String, List<String>> pointsByLabelAndBlock(StorageConfig config) {
        Map<String, List<String>> points = new HashMap<>();
        try (Query query = Query.open(config)) {
            for (long label : query.getLabels()) {
                for (String block : query.getBlocksForLabel(label)) {
                    List<String> rows = DatasetSnapshot.rows(query.getPoints(label, List.of(block)));
                    assertThat(rows).as("points of %s in %s", label, block).isNotEmpty();
                    points.put(Long.toUnsignedString(label) + "/" + block, rows);
                }
            }
        }
        return points;
    }

    @Test
    void everyColumnTypeSurvivesOptimization() throws Exception {
        PointSchema schema = PointSchema.builder().column("x", ColumnType.INT32).column("y", ColumnType.FLOAT32)
                .column("z", ColumnType.FLOAT64).column("supervoxel", ColumnType.INT64).build();
        StorageConfig config = StorageConfig.local(temp.resolve("typed"));
        ingest(config, 42, 2, "w", schema);
        Ingestor.consolidateIndexes(config);
        DatasetSnapshot before = DatasetSnapshot.of(config);

        Optimizer.optimize(config, smallFiles());

        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
    }

    @Test
    void h01SampleAnswersAsExpectedAfterOptimization() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("h01"));
        IngestorOptions options = IngestorOptions.defaults().withMaxPointsPerFile(5)
                .withSchema(PointSchema.of(ColumnType.INT64, "x", "y", "z", "supervoxel"));
        try (Ingestor even = Ingestor.open(config, "0", options); Ingestor odd = Ingestor.open(config, "1", options)) {
            for (H01Sample.Chunk chunk : H01Sample.chunks()) {
                (chunk.blockId().hashCode() % 2 == 0 ? even : odd).write(chunk.label(), chunk.blockId(), chunk.points());
            }
        }
        Ingestor.consolidateIndexes(config);
        DatasetSnapshot before = DatasetSnapshot.of(config);
        Path copy = temp.resolve("h01-deduplicated");
        copyTree(config.base(), copy);

        Optimizer.optimize(config);
        Optimizer.optimize(StorageConfig.local(copy), OptimizerOptions.defaults().withDeduplication(true));

        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
        DatasetSnapshot deduplicated = DatasetSnapshot.of(StorageConfig.local(copy));
        assertThat(deduplicated).isEqualTo(before.distinct());
        Map<Long, H01Sample.Expected> expected = H01Sample.expected();
        for (var entry : expected.entrySet()) {
            DatasetSnapshot.LabelAnswer answer = DatasetSnapshot.of(config).labels().get(entry.getKey());
            assertThat(answer.count()).isEqualTo(entry.getValue().pointCount());
            assertThat(answer.blocks()).containsExactlyInAnyOrderElementsOf(entry.getValue().blockIds());
            assertThat(deduplicated.labels().get(entry.getKey()).count())
                    .isEqualTo(entry.getValue().distinctPointCount());
        }
    }

    @Test
    void deduplicationStoresIdenticalPointsOfALabelOnceAndKeepsTheRest() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("duplicates"));
        try (Ingestor ingestor = Ingestor.open(config, "w")) {
            ingestor.write(5, "a", new long[][] {{1, 2, 3}, {1, 2, 3}, {4, 5, 6}});
            ingestor.write(5, "b", new long[][] {{1, 2, 3}, {7, 8, 9}});
            ingestor.write(5, "c", new long[][] {{4, 5, 6}});
            ingestor.write(6, "a", new long[][] {{1, 2, 3}});
        }
        Ingestor.consolidateIndexes(config);

        Optimizer.optimize(config, OptimizerOptions.defaults().withDeduplication(true));

        try (Query query = Query.open(config)) {
            assertThat(query.getPoints(5).toLongArray()).isEqualTo(new long[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
            assertThat(query.getPointCount(5)).isEqualTo(3);
            // Block c held only a duplicate of a point of block a, so it no longer holds any point of label 5.
            assertThat(query.getBlocksForLabel(5)).containsExactly("a", "b");
            assertThat(query.getPoints(6).toLongArray()).isEqualTo(new long[][] {{1, 2, 3}});
        }
    }

    @Test
    void pointOrderWithinALabelIsDeterministicAndGroupedByBlock() throws Exception {
        StorageConfig first = StorageConfig.local(temp.resolve("first"));
        ingest(first, 43, 3, "w", XYZ);
        Ingestor.consolidateIndexes(first);
        StorageConfig second = StorageConfig.local(temp.resolve("second"));
        copyTree(first.base(), second.base());

        Optimizer.optimize(first, smallFiles());
        Optimizer.optimize(second, smallFiles().withThreads(1));

        try (Query a = Query.open(first); Query b = Query.open(second)) {
            for (long label : a.getLabels()) {
                assertThat(a.getPoints(label)).isEqualTo(b.getPoints(label));
            }
        }
    }

    @Test
    void shardsAreSplitBetweenIndependentWorkersAndCommittedOnceAllAreDone() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("workers"));
        ingest(config, 44, 2, "w", XYZ);
        Ingestor.consolidateIndexes(config);
        DatasetSnapshot before = DatasetSnapshot.of(config);
        OptimizerOptions options = smallFiles().withThreads(1);

        OptimizationPlan plan = Optimizer.plan(config, options);
        assertThat(Optimizer.plan(config, options)).as("planning again returns the same plan").isEqualTo(plan);
        OptimizationSummary worker0 = Optimizer.optimizeShards(config, options, 0, 3);
        assertThatThrownBy(() -> Optimizer.commit(config)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("not finished").hasMessageContaining("shard 1");
        OptimizationSummary worker1 = Optimizer.optimizeShards(config, options, 1, 3);
        OptimizationSummary worker1Again = Optimizer.optimizeShards(config, options, 1, 3);
        OptimizationSummary worker2 = Optimizer.optimizeShards(config, options, 2, 3);
        Optimizer.commit(config);

        assertThat(worker0.shardsOptimized() + worker1.shardsOptimized() + worker2.shardsOptimized())
                .isEqualTo(plan.shards());
        assertThat(worker1Again.shardsOptimized()).isZero();
        assertThat(worker1Again.shardsSkipped()).isEqualTo(worker1.shardsOptimized());
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
        assertThatThrownBy(() -> Optimizer.commit(config)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("no optimization");
    }

    @Test
    void aDuplicateWorkerWaitsForAShardBeingWrittenAndTakesItOverWhenItsHolderStops() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("duplicate"));
        ingest(config, 46, 2, "w", XYZ);
        Ingestor.consolidateIndexes(config);
        DatasetSnapshot before = DatasetSnapshot.of(config);
        OptimizerOptions options = smallFiles().withThreads(1);
        OptimizationPlan plan = Optimizer.plan(config, options);
        DatasetLayout layout = new DatasetLayout(config.base());

        // An attempt that holds shard 0 and then stops without finishing it.
        ExclusiveLock holder = ExclusiveLock.tryAcquire(layout.shardLock(plan.run(), 0)).orElseThrow();
        assertThat(ExclusiveLock.tryAcquire(layout.shardLock(plan.run(), 0))).as("a second try in this JVM").isEmpty();
        CompletableFuture<OptimizationSummary> waiting =
                CompletableFuture.supplyAsync(() -> Optimizer.optimizeShards(config, options, 0, 1));
        Thread.sleep(500);
        assertThat(waiting).as("waits while shard 0 is held").isNotDone();
        holder.close();
        OptimizationSummary duplicate = waiting.get(60, TimeUnit.SECONDS);

        assertThat(duplicate.shardsOptimized()).isEqualTo(plan.shards());
        Optimizer.commit(config);
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
    }

    @Test
    void twoWorkersWithTheSameNumberBothReturnWithEveryShardFinished() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("same-number"));
        ingest(config, 47, 2, "w", XYZ);
        Ingestor.consolidateIndexes(config);
        DatasetSnapshot before = DatasetSnapshot.of(config);
        OptimizerOptions options = smallFiles().withThreads(1);
        OptimizationPlan plan = Optimizer.plan(config, options);

        CompletableFuture<OptimizationSummary> first =
                CompletableFuture.supplyAsync(() -> Optimizer.optimizeShards(config, options, 1, 2));
        CompletableFuture<OptimizationSummary> second =
                CompletableFuture.supplyAsync(() -> Optimizer.optimizeShards(config, options, 1, 2));
        OptimizationSummary a = first.get(60, TimeUnit.SECONDS);
        OptimizationSummary b = second.get(60, TimeUnit.SECONDS);
        Optimizer.optimizeShards(config, options, 0, 2);

        int mine = plan.shards() / 2;
        assertThat(a.shardsOptimized() + b.shardsOptimized()).as("each shard written once").isEqualTo(mine);
        assertThat(a.shardsSkipped() + b.shardsSkipped()).isEqualTo(mine);
        Optimizer.commit(config);
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
    }

    @Test
    void anOpenReaderKeepsItsViewAcrossTheSwitchAndCleanupRemovesOnlyReplacedFiles() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("switch"));
        ingest(config, 45, 2, "w", XYZ);
        Ingestor.consolidateIndexes(config);
        DatasetSnapshot before = DatasetSnapshot.of(config);

        try (Query open = Query.open(config, QueryOptions.defaults().withCacheBytes(0))) {
            Optimizer.optimize(config, smallFiles());
            assertThat(DatasetSnapshot.of(open)).as("the reader opened before the commit").isEqualTo(before);
            try (Query after = Query.open(config)) {
                assertThat(after.generation()).isGreaterThan(open.generation());
            }
        }
        List<Path> workerParts = files(config.base().resolve("workers"), ".parquet");
        assertThat(workerParts).isNotEmpty();

        CleanupSummary cleanup = Optimizer.cleanup(config);

        assertThat(files(config.base().resolve("workers"), ".parquet")).isEmpty();
        assertThat(cleanup.filesRemoved()).isGreaterThanOrEqualTo(workerParts.size());
        assertThat(cleanup.skippedLiveWorkers()).isEmpty();
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isEmpty();
        }
        assertThat(Optimizer.cleanup(config).filesRemoved()).as("a second cleanup finds nothing").isZero();
    }

    @Test
    void dataIngestedAfterAnOptimizationIsMergedByConsolidationAndFoldedInByTheNextOptimization() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("incremental"));
        StorageConfig reference = StorageConfig.local(temp.resolve("reference"));
        ingest(config, 46, 2, "w", XYZ);
        ingest(reference, 46, 2, "w", XYZ);
        Ingestor.consolidateIndexes(config);
        Optimizer.optimize(config, smallFiles());
        Optimizer.cleanup(config);

        // A returning worker id continues its part numbering; a new worker starts its own.
        ingest(config, 47, 3, "w", XYZ);
        ingest(reference, 47, 3, "w", XYZ);
        Ingestor.consolidateIndexes(config);
        Ingestor.consolidateIndexes(reference);
        DatasetSnapshot expected = DatasetSnapshot.of(reference);
        assertThat(DatasetSnapshot.of(config)).isEqualTo(expected);
        try (Query query = Query.open(config)) {
            DatasetStatistics statistics = query.statistics();
            assertThat(statistics.optimizedFiles()).isPositive().isLessThan(statistics.files());
            assertThat(statistics.fullyOptimized()).isFalse();
        }

        OptimizationSummary second = Optimizer.optimize(config, smallFiles());
        Optimizer.cleanup(config);

        assertThat(second.pointsRead()).isEqualTo(expected.points());
        assertThat(DatasetSnapshot.of(config)).isEqualTo(expected);
        assertThat(files(config.base().resolve("workers"), ".parquet")).isEmpty();
        assertThat(files(config.base().resolve("compact"), ".parquet"))
                .allMatch(file -> file.toString().contains(second.run()));
        assertEveryLabelContiguous(config, Optimizer.plan(config, smallFiles()));
    }

    @Test
    void aConsolidationDuringAnOptimizationKeepsTheRunCommittable() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("concurrent"));
        ingest(config, 48, 2, "w", XYZ);
        Ingestor.consolidateIndexes(config);
        OptimizerOptions options = smallFiles();
        Optimizer.plan(config, options);
        ingest(config, 49, 1, "late", XYZ);
        Ingestor.consolidateIndexes(config);
        Ingestor.consolidateIndexes(config);
        Ingestor.consolidateIndexes(config);
        DatasetSnapshot expected = DatasetSnapshot.of(config);

        // The plan's source generation is three generations old now; it was kept for the run's workers.
        Optimizer.optimizeShards(config, options, 0, 1);
        Optimizer.commit(config);

        assertThat(DatasetSnapshot.of(config)).isEqualTo(expected);
    }

    @Test
    void badRequestsAreRejectedWithoutChangingTheDataset() throws Exception {
        StorageConfig missing = StorageConfig.local(temp.resolve("missing"));
        assertThatThrownBy(() -> Optimizer.optimize(missing)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(missing.base().toString());
        StorageConfig config = StorageConfig.local(temp.resolve("bad"));
        ingest(config, 50, 1, "w", XYZ);
        assertThatThrownBy(() -> Optimizer.optimize(config)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("never been consolidated");
        Ingestor.consolidateIndexes(config);
        DatasetSnapshot before = DatasetSnapshot.of(config);
        assertThatThrownBy(() -> Optimizer.optimizeShards(config, OptimizerOptions.defaults(), 0, 1))
                .isInstanceOf(PocaduckException.class).hasMessageContaining("no optimization");
        Optimizer.plan(config, OptimizerOptions.defaults());
        assertThatThrownBy(() -> Optimizer.plan(config, OptimizerOptions.defaults().withDeduplication(true)))
                .isInstanceOf(PocaduckException.class).hasMessageContaining("deduplication off");
        assertThatThrownBy(() -> Optimizer.optimizeShards(config, OptimizerOptions.defaults(), 3, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("worker 3 of 3");
        assertThatThrownBy(() -> OptimizerOptions.defaults().withTargetFileBytes(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetFileBytes is 10");
        assertThatThrownBy(() -> OptimizerOptions.defaults().withThreads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads is 0");
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
    }

    /** Each label lies in as few consecutive files as its size allows, one row range in each. */
    private static void assertEveryLabelContiguous(StorageConfig config, OptimizationPlan plan) throws IOException {
        try (Query query = Query.open(config)) {
            Path index = config.base().resolve(String.format("index/index-%06d.lookup", query.generation()));
            Map<Long, List<Integer>> filesByLabel = new HashMap<>();
            try (LocalFileSource source = new LocalFileSource(index)) {
                LabelIndex.open(source, index.toString(), 1 << 20).forEachChunk((label, block, fileId, row, count) -> {
                    List<Integer> files = filesByLabel.computeIfAbsent(label, l -> new ArrayList<>());
                    if (files.isEmpty() || files.get(files.size() - 1) != fileId) {
                        files.add(fileId);
                    }
                });
            }
            for (long label : query.getLabels()) {
                List<Integer> fileIds = filesByLabel.get(label);
                long count = query.getPointCount(label);
                long files = (count + plan.targetFilePoints() - 1) / plan.targetFilePoints() + 1;
                assertThat(fileIds.size()).as("files of label %s", Long.toUnsignedString(label))
                        .isLessThanOrEqualTo((int) Math.min(files, count > plan.targetFilePoints() ? files : 1));
                for (int i = 1; i < fileIds.size(); i++) {
                    assertThat(fileIds.get(i)).isEqualTo(fileIds.get(i - 1) + 1);
                }
            }
        }
    }

    private static List<Path> files(Path directory, String suffix) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(suffix)).toList();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> tree = Files.walk(from)) {
            tree.forEach(paths::add);
        }
        Map<Path, Path> copies = new HashMap<>();
        for (Path path : paths) {
            Path target = to.resolve(from.relativize(path).toString());
            if (Files.isDirectory(path)) {
                Files.createDirectories(target);
            } else {
                copies.put(path, target);
            }
        }
        for (var copy : copies.entrySet()) {
            Files.copy(copy.getKey(), copy.getValue());
        }
    }
}
