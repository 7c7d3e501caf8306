package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.internal.format.DatasetLayout;

/**
 * Seeded random datasets, written by parallel workers with small part files and random flushes, read back exactly:
 * every label's count, blocks and points (as a multiset), for every column type.
 */
class RandomRoundTripTest {
    private static final long[] EDGE_LABELS = {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1L};
    private static final int RANDOM_LABELS = 10;
    private static final int BLOCKS = 6;
    private static final int WORKERS = 4;
    private static final int WRITES_PER_WORKER = 12;
    private static final QueryOptions UNCACHED = QueryOptions.defaults().withCacheBytes(0);

    private static final Object[] INT32_EDGES = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1};
    private static final Object[] INT64_EDGES = {Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, (1L << 53) + 1};
    private static final Object[] FLOAT32_EDGES = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 0f, 0.1f};
    private static final Object[] FLOAT64_EDGES = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0d, 0.1};

    private static final PointSchema XYZ_INT64 = PointSchema.of(ColumnType.INT64, "x", "y", "z");
    private static final Scenario INT64_ROWS = new Scenario(XYZ_INT64, 50,
            (ingestor, write) -> ingestor.write(write.label(), write.blockId(), (long[][]) write.rows(long.class)));

    @TempDir
    Path temp;

    /** One write of a worker: its points as column arrays of the schema's types. */
    private record Write(long label, String blockId, PointSchema schema, Object[] columns, boolean flushAfter) {
        int size() {
            return Array.getLength(columns[0]);
        }

        /** The points as an N×D array of {@code valueType}, e.g. {@code int[][]} for {@code int.class}. */
        Object rows(Class<?> valueType) {
            Object rows = Array.newInstance(valueType, size(), columns.length);
            for (int i = 0; i < size(); i++) {
                for (int d = 0; d < columns.length; d++) {
                    Array.set(Array.get(rows, i), d, Array.get(columns[d], i));
                }
            }
            return rows;
        }

        PointCloud cloud() {
            return PointCloud.ofColumns(schema, columns);
        }

        /** Point {@code i} as text, like {@link Arrays#toString(long[])}. */
        String row(int i) {
            StringJoiner row = new StringJoiner(", ", "[", "]");
            for (Object column : columns) {
                row.add(String.valueOf(Array.get(column, i)));
            }
            return row.toString();
        }
    }

    /** How a test writes: the dataset schema, the part-file size, and the write overload. */
    private record Scenario(PointSchema schema, long maxPointsPerFile, BiConsumer<Ingestor, Write> call) {
        IngestorOptions options() {
            return IngestorOptions.defaults().withMaxPointsPerFile(maxPointsPerFile).withSchema(schema);
        }
    }

    /** What the workers wrote: each label's points (as text rows) and block ids. */
    private record Written(Map<Long, List<String>> rows, Map<Long, Set<String>> blocks) {
        @SafeVarargs
        static Written of(List<List<Write>>... plans) {
            Map<Long, List<String>> rows = new HashMap<>();
            Map<Long, Set<String>> blocks = new HashMap<>();
            for (List<List<Write>> plan : plans) {
                plan.stream().flatMap(List::stream).forEach(write -> {
                    List<String> labelRows = rows.computeIfAbsent(write.label(), label -> new ArrayList<>());
                    IntStream.range(0, write.size()).mapToObj(write::row).forEach(labelRows::add);
                    blocks.computeIfAbsent(write.label(), label -> new TreeSet<>()).add(write.blockId());
                });
            }
            return new Written(rows, blocks);
        }

        long[] labels() {
            return rows.keySet().stream().sorted(Long::compareUnsigned).mapToLong(Long::longValue).toArray();
        }

        long points() {
            return rows.values().stream().mapToLong(List::size).sum();
        }

        /** The first label from 2^63 + 2 up that was never written. */
        long missingLabel() {
            long label = Long.MIN_VALUE + 2;
            while (rows.containsKey(label)) {
                label++;
            }
            return label;
        }
    }

    @Test
    void int32ColumnsWrittenAsIntRows() throws Exception {
        assertRoundTrip(32, new Scenario(PointSchema.of(ColumnType.INT32, "x", "y", "z"), 7,
                (ingestor, write) -> ingestor.write(write.label(), write.blockId(), (int[][]) write.rows(int.class))));
    }

    @Test
    void int64ColumnsWrittenAsLongRows() throws Exception {
        assertRoundTrip(64, INT64_ROWS);
    }

    @Test
    void float32ColumnsWrittenAsFloatRows() throws Exception {
        assertRoundTrip(3232, new Scenario(PointSchema.of(ColumnType.FLOAT32, "x", "y", "z"), 50,
                (ingestor, write) -> ingestor.write(write.label(), write.blockId(),
                        (float[][]) write.rows(float.class))));
    }

    @Test
    void float64ColumnsWrittenAsDoubleRows() throws Exception {
        assertRoundTrip(6464, new Scenario(PointSchema.of(ColumnType.FLOAT64, "x", "y", "z"), 50,
                (ingestor, write) -> ingestor.write(write.label(), write.blockId(),
                        (double[][]) write.rows(double.class))));
    }

    @Test
    void mixedColumnsWrittenAsPointClouds() throws Exception {
        PointSchema schema = PointSchema.builder()
                .column("x", ColumnType.FLOAT64).column("y", ColumnType.FLOAT64).column("z", ColumnType.FLOAT64)
                .column("supervoxel", ColumnType.INT64)
                .build();
        assertRoundTrip(4242, new Scenario(schema, 50,
                (ingestor, write) -> ingestor.write(write.label(), write.blockId(), write.cloud())));
    }

    @Test
    void int64ColumnsWrittenAsPointClouds() throws Exception {
        assertRoundTrip(6465, new Scenario(XYZ_INT64, 50,
                (ingestor, write) -> ingestor.write(write.label(), write.blockId(), write.cloud())));
    }

    @Test
    void consolidatingAgainWithNothingNewChangesNothing() throws Exception {
        long seed = 2;
        StorageConfig config = StorageConfig.local(temp.resolve("dataset"));
        List<List<Write>> plan = plan(INT64_ROWS, new Random(seed), WORKERS);
        ingestInParallel(config, INT64_ROWS, "worker-", plan);
        Written written = Written.of(plan);

        ConsolidationSummary first = Ingestor.consolidateIndexes(config);
        assertDatasetAnswers(config, written, seed);
        DatasetSnapshot before = DatasetSnapshot.of(config);
        ConsolidationSummary second = Ingestor.consolidateIndexes(config);

        assertThat(first.published()).isTrue();
        assertThat(second.published()).isFalse();
        assertThat(second.generation()).isEqualTo(first.generation());
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
        assertDatasetAnswers(config, written, seed);
    }

    @Test
    void consolidationAfterMoreWorkersFinishIncludesThemWhileAnOpenQueryKeepsItsGeneration() throws Exception {
        long seed = 3;
        Random random = new Random(seed);
        StorageConfig config = StorageConfig.local(temp.resolve("dataset"));
        List<List<Write>> early = plan(INT64_ROWS, random, 3);
        List<List<Write>> late = plan(INT64_ROWS, random, 1);
        List<List<Write>> more = plan(INT64_ROWS, random, 2);
        ingestInParallel(config, INT64_ROWS, "early-", early);

        try (Ingestor lateWorker = Ingestor.open(config, "late", INT64_ROWS.options())) {
            writeAll(lateWorker, INT64_ROWS, late.get(0));
            lateWorker.flush();
            ConsolidationSummary first = Ingestor.consolidateIndexes(config);
            assertThat(first.workers()).containsExactly("early-0", "early-1", "early-2");
            assertThat(first.skippedLiveWorkers()).containsExactly("late");
        }
        try (Query before = Query.open(config)) {
            ingestInParallel(config, INT64_ROWS, "more-", more);
            ConsolidationSummary second = Ingestor.consolidateIndexes(config);

            assertThat(second.workers()).containsExactly("early-0", "early-1", "early-2", "late", "more-0", "more-1");
            assertThat(second.skippedLiveWorkers()).isEmpty();
            assertThat(second.generation()).isGreaterThan(before.generation());
            assertAnswers(before, Written.of(early), new Random(seed), "seed " + seed + ", query opened before");
            assertDatasetAnswers(config, Written.of(early, late, more), seed);
        }
    }

    /**
     * A small worker after a large consolidation is indexed in a second segment beside the first generation's, and
     * the dataset answers as after a full consolidation: labels and blocks found in both segments count once, a label's
     * points are those of both. The next small worker rewrites only that second segment; a large one folds all into
     * one segment again; optimizing folds, then rewrites.
     */
    @Test
    void incrementalConsolidationAnswersAsAFullOne() throws Exception {
        long seed = 8;
        Random random = new Random(seed);
        StorageConfig config = StorageConfig.local(temp.resolve("dataset"));
        List<List<Write>> early = plan(INT64_ROWS, random, 12);
        List<List<Write>> late = List.of(plan(INT64_ROWS, random, 1).get(0).subList(0, 3));
        List<List<Write>> later = List.of(plan(INT64_ROWS, random, 1).get(0).subList(0, 2));
        List<List<Write>> large = plan(INT64_ROWS, random, 6);
        ingestInParallel(config, INT64_ROWS, "early-", early);
        ConsolidationSummary full = Ingestor.consolidateIndexes(config);
        assertThat(full.baseGeneration()).isZero();

        try (Query before = Query.open(config)) {
            ingestInParallel(config, INT64_ROWS, "late-", late);
            ConsolidationSummary incremental = Ingestor.consolidateIndexes(config);

            assertThat(incremental.published()).isTrue();
            assertThat(incremental.baseGeneration()).isEqualTo(full.generation());
            assertThat(incremental.workers()).containsExactly("late-0");
            assertThat(incremental.points()).isEqualTo(Written.of(late).points());
            assertAnswers(before, Written.of(early), new Random(seed), "seed " + seed + ", query opened before");
            assertDatasetAnswers(config, Written.of(early, late), seed);
            assertStatistics(config, Written.of(early, late));
        }
        // Both late workers' parts go into the new second segment; the first generation stays the base.
        ingestInParallel(config, INT64_ROWS, "later-", later);
        ConsolidationSummary again = Ingestor.consolidateIndexes(config);
        assertThat(again.baseGeneration()).isEqualTo(full.generation());
        assertThat(again.workers()).containsExactly("late-0", "later-0");
        assertThat(again.points()).isEqualTo(Written.of(late, later).points());
        assertDatasetAnswers(config, Written.of(early, late, later), seed);
        assertStatistics(config, Written.of(early, late, later));
        assertVerified(config);
        DatasetSnapshot unchanged = DatasetSnapshot.of(config);
        assertThat(Ingestor.consolidateIndexes(config).published()).isFalse();
        assertThat(DatasetSnapshot.of(config)).isEqualTo(unchanged);

        ingestInParallel(config, INT64_ROWS, "large-", large);
        ConsolidationSummary folded = Ingestor.consolidateIndexes(config);
        assertThat(folded.baseGeneration()).as("more than a quarter of the base is new").isZero();
        assertThat(folded.points()).isEqualTo(Written.of(early, late, later, large).points());
        assertDatasetAnswers(config, Written.of(early, late, later, large), seed);

        List<List<Write>> last = List.of(plan(INT64_ROWS, random, 1).get(0).subList(0, 2));
        ingestInParallel(config, INT64_ROWS, "last-", last);
        assertThat(Ingestor.consolidateIndexes(config).baseGeneration()).isEqualTo(folded.generation());
        Written everything = Written.of(early, late, later, large, last);
        Optimizer.optimize(config);
        assertDatasetAnswers(config, everything, seed);
        Optimizer.cleanup(config);
        assertDatasetAnswers(config, everything, seed);
        assertStatistics(config, everything);
    }

    /**
     * Once consolidated, a worker's parts are carried from generation to generation by the generation's own label
     * index and list of part files: the worker's index is never read again, so removing it changes nothing that a
     * later full or incremental consolidation or an optimization does.
     */
    @Test
    void consolidatedWorkerIndexesAreNotNeededAgain() throws Exception {
        long seed = 11;
        Random random = new Random(seed);
        Path base = temp.resolve("dataset");
        StorageConfig config = StorageConfig.local(base);
        List<List<Write>> early = plan(INT64_ROWS, random, 3);
        List<List<Write>> large = plan(INT64_ROWS, random, 2);
        List<List<Write>> small = List.of(plan(INT64_ROWS, random, 1).get(0).subList(0, 2));
        ingestInParallel(config, INT64_ROWS, "early-", early);
        Ingestor.consolidateIndexes(config);
        removeWorkerIndexes(base, "early-", 3);

        ingestInParallel(config, INT64_ROWS, "large-", large);
        ConsolidationSummary full = Ingestor.consolidateIndexes(config);
        assertThat(full.baseGeneration()).as("more than a quarter of the base is new").isZero();
        assertThat(full.workers()).containsExactly("early-0", "early-1", "early-2", "large-0", "large-1");
        assertThat(full.points()).isEqualTo(Written.of(early, large).points());
        assertDatasetAnswers(config, Written.of(early, large), seed);
        removeWorkerIndexes(base, "large-", 2);

        ingestInParallel(config, INT64_ROWS, "small-", small);
        assertThat(Ingestor.consolidateIndexes(config).baseGeneration()).isEqualTo(full.generation());
        Written everything = Written.of(early, large, small);
        assertDatasetAnswers(config, everything, seed);
        Optimizer.optimize(config);
        assertDatasetAnswers(config, everything, seed);
        assertStatistics(config, everything);
        assertVerified(config);
    }

    /**
     * Optimizing, and cleaning up after it, read a generation's label index and list of part files, never its DuckDB
     * index (which no reader needs either): they work with it removed, twice over, and optimizing once more finds the
     * dataset up to date.
     */
    @Test
    void optimizingNeedsNoDuckDbIndexOfTheGeneration() throws Exception {
        long seed = 19;
        Random random = new Random(seed);
        Path base = temp.resolve("dataset");
        StorageConfig config = StorageConfig.local(base);
        List<List<Write>> first = plan(INT64_ROWS, random, 2);
        List<List<Write>> second = List.of(plan(INT64_ROWS, random, 1).get(0).subList(0, 2));
        ingestInParallel(config, INT64_ROWS, "first-", first);
        Files.delete(base.resolve(DatasetLayout.indexFile(Ingestor.consolidateIndexes(config).generation())));
        OptimizationSummary optimized = Optimizer.optimize(config);
        assertThat(optimized.pointsWritten()).isEqualTo(Written.of(first).points());
        Optimizer.cleanup(config);
        assertDatasetAnswers(config, Written.of(first), seed);

        try (Query query = Query.open(config)) {
            Files.delete(base.resolve(DatasetLayout.indexFile(query.generation())));
        }
        ingestInParallel(config, INT64_ROWS, "second-", second);
        assertThat(Ingestor.consolidateIndexes(config).baseGeneration()).as("incremental").isNotZero();
        Optimizer.optimize(config);
        Optimizer.cleanup(config);
        Written everything = Written.of(first, second);
        assertDatasetAnswers(config, everything, seed);
        assertStatistics(config, everything);
        assertThat(Optimizer.optimize(config).shardsOptimized()).as("nothing left to optimize").isZero();
        assertVerified(config);
    }

    /** A generation without a point (its label index has one empty page of each kind) is carried like any other. */
    @Test
    void aGenerationWithoutPointsIsCarriedLikeAnyOther() throws Exception {
        long seed = 13;
        Random random = new Random(seed);
        StorageConfig config = StorageConfig.local(temp.resolve("dataset"));
        Ingestor.open(config, "idle", INT64_ROWS.options()).close();
        ConsolidationSummary empty = Ingestor.consolidateIndexes(config);
        assertThat(empty.published()).isTrue();
        assertThat(empty.points()).isZero();

        List<List<Write>> written = plan(INT64_ROWS, random, 2);
        ingestInParallel(config, INT64_ROWS, "w-", written);
        ConsolidationSummary full = Ingestor.consolidateIndexes(config);
        assertThat(full.baseGeneration()).isZero();
        assertThat(full.points()).isEqualTo(Written.of(written).points());
        assertDatasetAnswers(config, Written.of(written), seed);
    }

    private static void removeWorkerIndexes(Path base, String prefix, int workers) throws Exception {
        for (int w = 0; w < workers; w++) {
            Files.delete(base.resolve("workers").resolve(prefix + w).resolve("index.duckdb"));
        }
    }

    private static void assertVerified(StorageConfig config) {
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isEmpty();
        }
    }

    private static void assertStatistics(StorageConfig config, Written written) {
        try (Query query = Query.open(config)) {
            DatasetStatistics statistics = query.statistics();
            assertThat(statistics.labels()).isEqualTo(written.labels().length);
            assertThat(statistics.points()).isEqualTo(written.points());
            assertThat(statistics.blocks()).isEqualTo(written.blocks().values().stream().flatMap(Set::stream)
                    .distinct().count());
            assertThat(query.getLabels()).containsExactly(written.labels());
        }
    }

    @Test
    void theSchemaIsInferredFromTheFirstWrite() {
        assertThat(inferredSchema("three-longs",
                ingestor -> ingestor.write(-1L, "b", new long[][] {{1, 2, 3}}), 1, 2, 3))
                .isEqualTo(XYZ_INT64);
        assertThat(inferredSchema("four-longs",
                ingestor -> ingestor.write(-1L, "b", new long[][] {{1, 2, 3, 4}}), 1, 2, 3, 4))
                .isEqualTo(PointSchema.of(ColumnType.INT64, "x", "y", "z", "attr_3"));
        assertThat(inferredSchema("three-doubles",
                ingestor -> ingestor.write(-1L, "b", new double[][] {{1, 2, 3.5}}), 1, 2, 3.5))
                .isEqualTo(PointSchema.of(ColumnType.FLOAT64, "x", "y", "z"));
    }

    /**
     * Writes one point of label 2^64−1 into a new dataset without a declared schema, checks that it reads back, and
     * returns the schema the Ingestor and the Query report.
     */
    private PointSchema inferredSchema(String dataset, Consumer<Ingestor> firstWrite, double... point) {
        StorageConfig config = StorageConfig.local(temp.resolve(dataset));
        PointSchema schema;
        try (Ingestor ingestor = Ingestor.open(config, "worker")) {
            firstWrite.accept(ingestor);
            schema = ingestor.schema().orElseThrow();
        }
        Ingestor.consolidateIndexes(config);
        try (Query query = Query.open(config)) {
            assertThat(query.schema()).as(dataset).isEqualTo(schema);
            assertThat(query.getPoints(-1L).schema()).as(dataset).isEqualTo(schema);
            assertThat(query.getPoints(-1L).toDoubleArray()).as(dataset).isDeepEqualTo(new double[][] {point});
        }
        return schema;
    }

    @Test
    void aMovedDatasetAnswersEverythingFromItsNewPlace() throws Exception {
        long seed = 5;
        Path original = temp.resolve("original");
        List<List<Write>> plan = plan(INT64_ROWS, new Random(seed), WORKERS);
        ingestInParallel(StorageConfig.local(original), INT64_ROWS, "worker-", plan);
        Ingestor.consolidateIndexes(StorageConfig.local(original));

        Path moved = Files.createDirectories(temp.resolve("elsewhere")).resolve("moved");
        Files.move(original, moved);
        StorageConfig config = StorageConfig.local(moved);

        assertThat(original).doesNotExist();
        assertDatasetAnswers(config, Written.of(plan), seed);
        Ingestor.consolidateIndexes(config);
        assertDatasetAnswers(config, Written.of(plan), seed);
    }

    @Test
    void oneQuerySharedByManyThreadsAnswersEachOfThem() throws Exception {
        long seed = 6;
        StorageConfig config = StorageConfig.local(temp.resolve("dataset"));
        List<List<Write>> plan = plan(INT64_ROWS, new Random(seed), WORKERS);
        ingestInParallel(config, INT64_ROWS, "worker-", plan);
        Ingestor.consolidateIndexes(config);
        Written written = Written.of(plan);

        try (Query shared = Query.open(config, UNCACHED)) {
            runConcurrently(IntStream.range(0, 4).<Callable<Void>>mapToObj(thread -> () -> {
                String context = "seed " + seed + ", thread " + thread;
                assertAnswers(shared, written, new Random(thread), context);
                assertBatchAnswers(shared, shared, written, new Random(thread), context);
                return null;
            }).toList());
        }
    }

    private void assertRoundTrip(long seed, Scenario scenario) throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("dataset"));
        List<List<Write>> plan = plan(scenario, new Random(seed), WORKERS);
        ingestInParallel(config, scenario, "worker-", plan);
        Written written = Written.of(plan);

        ConsolidationSummary summary = Ingestor.consolidateIndexes(config);

        assertThat(summary.workers()).as("seed %d: workers", seed)
                .containsExactlyElementsOf(IntStream.range(0, WORKERS).mapToObj(w -> "worker-" + w).toList());
        assertThat(summary.points()).as("seed %d: points", seed).isEqualTo(written.points());
        assertThat(summary.labels()).as("seed %d: labels", seed).isEqualTo(written.labels().length);
        assertDatasetAnswers(config, written, seed);
    }

    /**
     * Random writes for each worker: the first round of writes covers every label of the pool (the edges of the uint64
     * range, then random ones), later writes pick labels at random; blocks are shared between labels and workers, and
     * about one write in ten repeats an earlier write of the worker.
     */
    private static List<List<Write>> plan(Scenario scenario, Random random, int workers) {
        long[] labels = labelPool(random);
        List<List<Write>> plan = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            List<Write> writes = new ArrayList<>();
            for (int k = 0; k < WRITES_PER_WORKER; k++) {
                int round = k * workers + w;
                boolean flushAfter = random.nextInt(8) == 0;
                if (round >= labels.length && random.nextInt(10) == 0) {
                    Write again = writes.get(random.nextInt(writes.size()));
                    writes.add(new Write(again.label(), again.blockId(), again.schema(), again.columns(), flushAfter));
                } else {
                    long label = round < labels.length ? labels[round] : labels[random.nextInt(labels.length)];
                    int size = 1 + random.nextInt(random.nextInt(6) == 0 ? 80 : 10);
                    writes.add(new Write(label, "block_" + random.nextInt(BLOCKS), scenario.schema(),
                            randomColumns(scenario.schema(), size, random), flushAfter));
                }
            }
            plan.add(writes);
        }
        return plan;
    }

    private static long[] labelPool(Random random) {
        long[] labels = Arrays.copyOf(EDGE_LABELS, EDGE_LABELS.length + RANDOM_LABELS);
        for (int i = EDGE_LABELS.length; i < labels.length; i++) {
            labels[i] = random.nextLong();
        }
        return labels;
    }

    /** Random columns for the schema; about one point in six repeats the point before it. */
    private static Object[] randomColumns(PointSchema schema, int size, Random random) {
        Object[] columns = new Object[schema.dimensions()];
        for (int d = 0; d < columns.length; d++) {
            columns[d] = Array.newInstance(valueType(schema.type(d)), size);
        }
        for (int i = 0; i < size; i++) {
            boolean duplicate = i > 0 && random.nextInt(6) == 0;
            for (int d = 0; d < columns.length; d++) {
                Object value = duplicate ? Array.get(columns[d], i - 1) : randomValue(schema.type(d), random);
                Array.set(columns[d], i, value);
            }
        }
        return columns;
    }

    private static Class<?> valueType(ColumnType type) {
        return switch (type) {
            case INT32 -> int.class;
            case INT64 -> long.class;
            case FLOAT32 -> float.class;
            case FLOAT64 -> double.class;
        };
    }

    /** A boxed random value: mostly ordinary coordinates, sometimes the type's extremes. */
    private static Object randomValue(ColumnType type, Random random) {
        boolean edge = random.nextInt(10) == 0;
        return switch (type) {
            case INT32 -> edge ? pick(INT32_EDGES, random) : (Object) (random.nextInt(200_000) - 100_000);
            case INT64 -> edge ? pick(INT64_EDGES, random) : (Object) random.nextLong();
            case FLOAT32 -> edge ? pick(FLOAT32_EDGES, random) : (Object) (float) (random.nextGaussian() * 1e5);
            case FLOAT64 -> edge ? pick(FLOAT64_EDGES, random) : (Object) (random.nextGaussian() * 1e9);
        };
    }

    private static Object pick(Object[] choices, Random random) {
        return choices[random.nextInt(choices.length)];
    }

    /** Each worker of the plan writes on its own thread with its own Ingestor, flushing where the plan says. */
    private static void ingestInParallel(StorageConfig config, Scenario scenario, String workerPrefix,
            List<List<Write>> plan) throws Exception {
        runConcurrently(IntStream.range(0, plan.size()).<Callable<Void>>mapToObj(w -> () -> {
            try (Ingestor ingestor = Ingestor.open(config, workerPrefix + w, scenario.options())) {
                writeAll(ingestor, scenario, plan.get(w));
            }
            return null;
        }).toList());
    }

    private static void writeAll(Ingestor ingestor, Scenario scenario, List<Write> writes) {
        for (Write write : writes) {
            scenario.call().accept(ingestor, write);
            if (write.flushAfter()) {
                ingestor.flush();
            }
        }
    }

    private static void runConcurrently(List<Callable<Void>> tasks) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
        try {
            for (Future<Void> future : executor.invokeAll(tasks)) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw (Exception) e.getCause();
                }
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /** Checks a cached and an uncached Query of the dataset, label by label and in one batch. */
    private static void assertDatasetAnswers(StorageConfig config, Written written, long seed) {
        String context = "seed " + seed;
        try (Query query = Query.open(config); Query uncached = Query.open(config, UNCACHED)) {
            assertAnswers(query, written, new Random(seed), context);
            assertAnswers(query, written, new Random(seed + 1), context + ", cached");
            assertBatchAnswers(uncached, query, written, new Random(seed), context);
        }
    }

    private static void assertAnswers(Query query, Written written, Random order, String context) {
        assertThat(query.getLabels()).as("%s: labels", context).containsExactly(written.labels());
        try (LongStream labels = query.streamLabels()) {
            assertThat(labels.toArray()).as("%s: streamed labels", context).containsExactly(written.labels());
        }
        for (long label : shuffled(written.labels(), order)) {
            String what = context + ", label " + Long.toUnsignedString(label);
            List<String> rows = written.rows().get(label);
            assertThat(query.getPointCount(label)).as("%s: point count", what).isEqualTo(rows.size());
            assertThat(query.getBlocksForLabel(label)).as("%s: blocks", what)
                    .isSorted().containsExactlyInAnyOrderElementsOf(written.blocks().get(label));
            assertPoints(query.getPoints(label), query.schema(), rows, what);
        }
        long missing = written.missingLabel();
        String what = context + ", never written label " + Long.toUnsignedString(missing);
        assertThat(query.getPointCount(missing)).as("%s: point count", what).isZero();
        assertThat(query.getBlocksForLabel(missing)).as("%s: blocks", what).isEmpty();
        assertPoints(query.getPoints(missing), query.schema(), List.of(), what);
    }

    /** A batch of every label (shuffled, plus a missing one and a repeat) equals the single-label answers. */
    private static void assertBatchAnswers(Query batchQuery, Query singleQuery, Written written, Random order,
            String context) {
        List<Long> request = shuffled(written.labels(), order);
        request.add(written.missingLabel());
        request.add(request.get(0));

        Map<Long, PointCloud> batch = batchQuery.getPoints(request.stream().mapToLong(Long::longValue).toArray());

        assertThat(batch.keySet()).as("%s: batch labels", context)
                .containsExactlyElementsOf(request.stream().distinct().toList());
        batch.forEach((label, points) -> assertThat(points)
                .as("%s: batch points of label %s", context, Long.toUnsignedString(label))
                .isEqualTo(singleQuery.getPoints(label)));
    }

    private static void assertPoints(PointCloud points, PointSchema schema, List<String> expectedRows, String what) {
        assertThat(points.schema()).as("%s: schema", what).isEqualTo(schema);
        assertThat(points.size()).as("%s: size", what).isEqualTo(expectedRows.size());
        List<String> expected = expectedRows.stream().sorted().toList();
        assertThat(sortedRows(points)).as("%s: points", what).isEqualTo(expected);
        assertThat(points.toDoubleArray()).as("%s: toDoubleArray", what).isDeepEqualTo(asDoubles(points));
        if (schema.isAllInteger()) {
            assertThat(PointRows.sorted(points.toLongArray())).as("%s: toLongArray", what).isEqualTo(expected);
        }
    }

    /** The cloud's points as text rows, read through the typed column accessors, sorted. */
    private static List<String> sortedRows(PointCloud points) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            StringJoiner row = new StringJoiner(", ", "[", "]");
            for (int d = 0; d < points.dimensions(); d++) {
                row.add(String.valueOf(typedValue(points, i, d)));
            }
            rows.add(row.toString());
        }
        Collections.sort(rows);
        return rows;
    }

    private static double[][] asDoubles(PointCloud points) {
        double[][] rows = new double[points.size()][points.dimensions()];
        for (int i = 0; i < points.size(); i++) {
            for (int d = 0; d < points.dimensions(); d++) {
                rows[i][d] = ((Number) typedValue(points, i, d)).doubleValue();
            }
        }
        return rows;
    }

    private static Object typedValue(PointCloud points, int i, int d) {
        return switch (points.columnType(d)) {
            case INT32 -> (Object) points.intColumn(d).get(i);
            case INT64 -> (Object) points.longColumn(d).get(i);
            case FLOAT32 -> (Object) points.floatColumn(d).get(i);
            case FLOAT64 -> (Object) points.doubleColumn(d).get(i);
        };
    }

    private static List<Long> shuffled(long[] labels, Random random) {
        List<Long> list = new ArrayList<>(Arrays.stream(labels).boxed().toList());
        Collections.shuffle(list, random);
        return list;
    }
}
