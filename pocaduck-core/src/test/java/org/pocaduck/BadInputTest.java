package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pocaduck.storage.ObjectStores;

/**
 * Every rejected call throws an exception whose message names the offending value and what was expected, and leaves
 * what was written before it intact.
 */
class BadInputTest {
    private static final long GOOD_LABEL = 7;
    private static final long LATER_LABEL = Long.MIN_VALUE;
    private static final long BAD_LABEL = 99;
    private static final long[][] GOOD_POINTS = {{1, 2, 3}, {4, 5, 6}, {1, 2, 3}};
    private static final PointSchema XYZ_INT64 = PointSchema.of(ColumnType.INT64, "x", "y", "z");
    private static final PointSchema XYZ_FLOAT64 = PointSchema.of(ColumnType.FLOAT64, "x", "y", "z");
    private static final IngestorOptions INT32 =
            IngestorOptions.defaults().withSchema(PointSchema.of(ColumnType.INT32, "x", "y", "z"));
    private static final IngestorOptions FLOAT64 = IngestorOptions.defaults().withSchema(XYZ_FLOAT64);
    private static final List<String> UNSAFE_WORKER_IDS =
            Arrays.asList("../x", "a/b", "", null, ".hidden", "w".repeat(200));

    @TempDir
    Path temp;

    private Path base;
    private StorageConfig config;

    @BeforeEach
    void locateDataset() {
        base = temp.resolve("dataset");
        config = StorageConfig.local(base);
    }

    /** A call that must throw {@code type} with a message containing every fragment. */
    private record Rejection(String name, Consumer<Ingestor> call, Class<? extends Throwable> type,
            String... fragments) {
    }

    /**
     * One dynamic test per rejection, all sharing one Ingestor that wrote good points first and writes more good points
     * after each rejected call; a last test closes it, consolidates, and checks that the dataset holds exactly the good
     * points.
     */
    private Stream<DynamicTest> rejectionsKeepingGoodData(IngestorOptions options, Stream<Rejection> rejections) {
        Ingestor ingestor = Ingestor.open(config, "good", options);
        Map<Long, long[][]> good = new HashMap<>();
        ingestor.write(GOOD_LABEL, "block_1", GOOD_POINTS);
        good.put(GOOD_LABEL, GOOD_POINTS);
        Stream<DynamicTest> rejected = rejections.map(rejection -> dynamicTest(rejection.name(), () -> {
            Throwable thrown = catchThrowable(() -> rejection.call().accept(ingestor));
            long label = LATER_LABEL + good.size();
            ingestor.write(label, "block_2", GOOD_POINTS);
            good.put(label, GOOD_POINTS);
            assertThat(thrown).as("rejection of %s", rejection.name())
                    .isInstanceOf(rejection.type()).hasMessageContainingAll(rejection.fragments());
        }));
        return Stream.concat(rejected, Stream.of(dynamicTest("earlier and later good points are kept", () -> {
            ingestor.close();
            Ingestor.consolidateIndexes(config);
            assertDatasetHoldsExactly(good);
        })));
    }

    private void assertDatasetHoldsExactly(Map<Long, long[][]> pointsByLabel) {
        try (Query query = Query.open(config)) {
            assertThat(query.getLabels()).containsExactly(
                    pointsByLabel.keySet().stream().sorted(Long::compareUnsigned).mapToLong(Long::longValue).toArray());
            pointsByLabel.forEach((label, points) -> {
                assertThat(query.getPointCount(label)).as("count of %s", label).isEqualTo(points.length);
                assertThat(PointRows.sorted(query.getPoints(label).toDoubleArray())).as("points of %s", label)
                        .isEqualTo(PointRows.sorted(asDoubles(points)));
            });
            assertThat(query.getPointCount(BAD_LABEL)).as("count of the rejected label").isZero();
        }
    }

    private static double[][] asDoubles(long[][] rows) {
        return Arrays.stream(rows).map(row -> Arrays.stream(row).asDoubleStream().toArray()).toArray(double[][]::new);
    }

    /** The part files written (the index's own Parquet list of them excluded). */
    private List<Path> parquetFiles() throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(file -> file.getFileName().toString().matches("part-\\d+\\.parquet")).toList();
        }
    }

    private static List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }

    private static String quoted(String text) {
        return text == null ? "null" : "'" + text + "'";
    }

    @TestFactory
    Stream<DynamicTest> rejectedCallsOnAnInt64Dataset() {
        PointSchema twoColumns = PointSchema.of(ColumnType.INT64, "x", "y");
        Stream<Rejection> rejections = Stream.of(
                Stream.of(
                        new Rejection("null long[][]",
                                ingestor -> ingestor.write(BAD_LABEL, "block_1", (long[][]) null),
                                IllegalArgumentException.class, "points", "null"),
                        new Rejection("null int[][]",
                                ingestor -> ingestor.write(BAD_LABEL, "block_1", (int[][]) null),
                                IllegalArgumentException.class, "points", "null"),
                        new Rejection("null double[][]",
                                ingestor -> ingestor.write(BAD_LABEL, "block_1", (double[][]) null),
                                IllegalArgumentException.class, "points", "null"),
                        new Rejection("null float[][]",
                                ingestor -> ingestor.write(BAD_LABEL, "block_1", (float[][]) null),
                                IllegalArgumentException.class, "points", "null"),
                        new Rejection("null PointCloud",
                                ingestor -> ingestor.write(BAD_LABEL, "block_1", (PointCloud) null),
                                IllegalArgumentException.class, "points", "null"),
                        new Rejection("a null row",
                                ingestor -> ingestor.write(BAD_LABEL, "block_1", new long[][] {{1, 2, 3}, null}),
                                IllegalArgumentException.class, "points[1]", "null"),
                        new Rejection("ragged rows", ingestor -> ingestor.write(BAD_LABEL, "block_1",
                                new long[][] {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}, {1, 2}}),
                                IllegalArgumentException.class, "points[3]", "has 2 columns", "schema has 3"),
                        new Rejection("rows without values",
                                ingestor -> ingestor.write(BAD_LABEL, "block_1", new long[][] {{}, {}}),
                                IllegalArgumentException.class, "points[0]", "has 0 columns", "schema has 3"),
                        new Rejection("rows with more columns than the schema",
                                ingestor -> ingestor.write(BAD_LABEL, "block_1", new double[][] {{1, 2, 3, 4}}),
                                IllegalArgumentException.class, "points[0]", "has 4 columns", "schema has 3",
                                XYZ_INT64.toString()),
                        new Rejection("a point cloud with fewer columns than the schema", ingestor -> ingestor.write(
                                BAD_LABEL, "block_1", PointCloud.ofColumns(twoColumns, new long[] {1}, new long[] {2})),
                                IllegalArgumentException.class, "2 columns", twoColumns.toString(), "schema has 3",
                                XYZ_INT64.toString()),
                        new Rejection("rows with fewer labels than points", ingestor -> ingestor.write(
                                new long[] {BAD_LABEL}, new String[] {"b", "b"}, PointCloud.ofColumns(XYZ_INT64,
                                        new long[] {1, 2}, new long[] {3, 4}, new long[] {5, 6})),
                                IllegalArgumentException.class, "labels has 1", "points has 2"),
                        new Rejection("rows with a blank block id after good ones", ingestor -> ingestor.write(
                                new long[] {BAD_LABEL, BAD_LABEL}, new String[] {"b", " "}, PointCloud.ofColumns(
                                        XYZ_INT64, new long[] {1, 2}, new long[] {3, 4}, new long[] {5, 6})),
                                IllegalArgumentException.class, "block id", "blank"),
                        new Rejection("rows with a fraction after good ones", ingestor -> ingestor.write(
                                new long[] {BAD_LABEL, BAD_LABEL}, new String[] {"b", "b"}, PointCloud.ofColumns(
                                        XYZ_FLOAT64, new double[] {1, 2}, new double[] {3, 4.5}, new double[] {5, 6})),
                                IllegalArgumentException.class, "points[1]", "4.5", "column y", "int64"),
                        new Rejection("a declared schema that differs from the dataset's",
                                ingestor -> Ingestor.open(config, "other", FLOAT64),
                                IllegalArgumentException.class, XYZ_FLOAT64.toString(), XYZ_INT64.toString())),
                DoubleStream.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, 0x1p63)
                        .mapToObj(value -> new Rejection("double " + value, ingestor -> ingestor.write(
                                BAD_LABEL, "block_1", new double[][] {{1, 2, 3}, {4, value, 6}}),
                                IllegalArgumentException.class,
                                "points[1]", String.valueOf(value), "column y", "int64")),
                Stream.of(null, "", " ", "\t\n").map(blockId -> new Rejection("block id " + quoted(blockId),
                        ingestor -> ingestor.write(BAD_LABEL, blockId, GOOD_POINTS),
                        IllegalArgumentException.class, "block id", blockId == null ? "null" : "blank")),
                UNSAFE_WORKER_IDS.stream().map(workerId -> new Rejection("worker id " + quoted(workerId),
                        ingestor -> Ingestor.open(config, workerId),
                        IllegalArgumentException.class, "worker id", quoted(workerId))))
                .flatMap(Function.identity());
        return Stream.of(
                rejectionsKeepingGoodData(IngestorOptions.defaults(), rejections),
                Stream.of(
                        dynamicTest("unsafe worker ids create no directories", () -> {
                            assertThat(namesIn(temp)).containsExactly("dataset");
                            assertThat(namesIn(base)).doesNotContain("x");
                            assertThat(namesIn(base.resolve("workers")))
                                    .doesNotContain("a", ".hidden", "w".repeat(200));
                        }),
                        dynamicTest("a rejected open leaves its worker id free",
                                () -> assertThatCode(() -> Ingestor.open(config, "other").close())
                                        .doesNotThrowAnyException())))
                .flatMap(Function.identity());
    }

    @TestFactory
    Stream<DynamicTest> rejectedValuesOfAnInt32Dataset() {
        Stream<Rejection> longs = LongStream.of(1L + Integer.MAX_VALUE, Integer.MIN_VALUE - 1L, Long.MIN_VALUE)
                .mapToObj(value -> new Rejection("long " + value, ingestor -> ingestor.write(BAD_LABEL, "block_1",
                        new long[][] {{1, 2, 3}, {4, 5, value}}),
                        IllegalArgumentException.class, "points[1]", String.valueOf(value), "column z", "int32"));
        Stream<Rejection> doubles = DoubleStream.of(0x1p31, 0.5)
                .mapToObj(value -> new Rejection("double " + value, ingestor -> ingestor.write(BAD_LABEL, "block_1",
                        new double[][] {{value, 2, 3}}),
                        IllegalArgumentException.class, "points[0]", String.valueOf(value), "column x", "int32"));
        return rejectionsKeepingGoodData(INT32, Stream.concat(longs, doubles));
    }

    @TestFactory
    Stream<DynamicTest> rejectedValuesOfAFloat64Dataset() {
        return rejectionsKeepingGoodData(FLOAT64, LongStream.of((1L << 53) + 1, Long.MAX_VALUE)
                .mapToObj(value -> new Rejection("long " + value, ingestor -> ingestor.write(BAD_LABEL, "block_1",
                        new long[][] {{value, 2, 3}}),
                        IllegalArgumentException.class, "points[0]", String.valueOf(value), "column x", "float64")));
    }

    @Test
    void writeAndFlushAfterCloseThrowIllegalStateAndClosingAgainDoesNothing() {
        Ingestor ingestor = Ingestor.open(config, "good");
        ingestor.write(GOOD_LABEL, "block_1", GOOD_POINTS);
        ingestor.close();

        assertThatThrownBy(() -> ingestor.write(BAD_LABEL, "block_1", GOOD_POINTS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("'good'", "closed");
        assertThatThrownBy(ingestor::flush)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("'good'", "closed");
        assertThatCode(ingestor::close).doesNotThrowAnyException();

        Ingestor.consolidateIndexes(config);
        assertDatasetHoldsExactly(Map.of(GOOD_LABEL, GOOD_POINTS));
    }

    @Test
    void queryCallsAfterCloseThrowIllegalState() {
        try (Ingestor ingestor = Ingestor.open(config, "good")) {
            ingestor.write(GOOD_LABEL, "block_1", GOOD_POINTS);
        }
        Ingestor.consolidateIndexes(config);
        Query query = Query.open(config);
        query.close();

        assertThatThrownBy(() -> query.getPoints(GOOD_LABEL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(query::getLabels).isInstanceOf(IllegalStateException.class);
        assertThatCode(query::close).doesNotThrowAnyException();
    }

    @Test
    void queryOpenOnAMissingDirectoryThrowsDatasetNotFound() {
        assertThatThrownBy(() -> Query.open(config))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(base.toString());
        assertThat(base).doesNotExist();
    }

    @Test
    void queryOpenOnADirectoryWithoutADatasetThrowsDatasetNotFound() throws IOException {
        Files.createDirectories(base);
        Files.writeString(base.resolve("notes.txt"), "not a dataset");

        assertThatThrownBy(() -> Query.open(config))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(base.toString());
    }

    @Test
    void queryOpenOnADatasetNeverConsolidatedSaysToConsolidate() {
        try (Ingestor ingestor = Ingestor.open(config, "good")) {
            ingestor.write(GOOD_LABEL, "block_1", GOOD_POINTS);
        }

        assertThatThrownBy(() -> Query.open(config))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContainingAll(base.toString(), "consolidateIndexes");
    }

    @Test
    void consolidatingAnEmptyDirectoryThrowsDatasetNotFoundAndCreatesNothing() throws IOException {
        Files.createDirectories(base);

        assertThatThrownBy(() -> Ingestor.consolidateIndexes(config))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(base.toString());
        assertThat(namesIn(base)).isEmpty();
    }

    @Test
    void aSecondLiveIngestorWithTheSameWorkerIdIsRejectedUntilTheFirstCloses() {
        try (Ingestor first = Ingestor.open(config, "good")) {
            first.write(GOOD_LABEL, "block_1", GOOD_POINTS);
            assertThatThrownBy(() -> Ingestor.open(config, "good"))
                    .isInstanceOf(WorkerInUseException.class)
                    .hasMessageContaining("'good'");
            first.write(LATER_LABEL, "block_2", GOOD_POINTS);
        }
        try (Ingestor reopened = Ingestor.open(config, "good")) {
            reopened.write(LATER_LABEL + 1, "block_3", GOOD_POINTS);
        }
        Ingestor.consolidateIndexes(config);

        assertDatasetHoldsExactly(
                Map.of(GOOD_LABEL, GOOD_POINTS, LATER_LABEL, GOOD_POINTS, LATER_LABEL + 1, GOOD_POINTS));
    }

    @Test
    void aRejectedFirstWriteDoesNotFixTheDatasetSchema() {
        try (Ingestor ingestor = Ingestor.open(config, "good")) {
            assertThatThrownBy(() -> ingestor.write(BAD_LABEL, "block_1", new long[][] {{1, 2, 3, 4}, {1, 2, 3}}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("points[1]");
            ingestor.write(GOOD_LABEL, "block_1", GOOD_POINTS);
        }
        Ingestor.consolidateIndexes(config);

        assertDatasetHoldsExactly(Map.of(GOOD_LABEL, GOOD_POINTS));
        try (Query query = Query.open(config)) {
            assertThat(query.schema()).isEqualTo(XYZ_INT64);
        }
    }

    @Test
    void writingZeroPointsIsANoOp() throws IOException {
        try (Ingestor ingestor = Ingestor.open(config, "good")) {
            ingestor.write(BAD_LABEL, "block_1", new long[0][]);
            ingestor.flush();
            assertThat(ingestor.schema()).as("schema after writing zero points").isEmpty();
            assertThat(parquetFiles()).isEmpty();

            ingestor.write(GOOD_LABEL, "block_1", GOOD_POINTS);
            ingestor.write(BAD_LABEL, "block_2", new double[0][]);
        }
        Ingestor.consolidateIndexes(config);

        assertDatasetHoldsExactly(Map.of(GOOD_LABEL, GOOD_POINTS));
        assertThat(parquetFiles()).hasSize(1);
    }

    @Test
    void toLongArrayOfFloatingPointPointsThrowsInsteadOfTruncating() {
        try (Ingestor ingestor = Ingestor.open(config, "good")) {
            ingestor.write(GOOD_LABEL, "block_1", new double[][] {{1.5, 2, 3}});
        }
        Ingestor.consolidateIndexes(config);

        try (Query query = Query.open(config)) {
            PointCloud points = query.getPoints(GOOD_LABEL);
            assertThatThrownBy(points::toLongArray)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContainingAll("float64", "toDoubleArray");
            assertThat(points.toDoubleArray()).isDeepEqualTo(new double[][] {{1.5, 2, 3}});
        }
    }

    @ParameterizedTest
    @CsvSource({"s3://bucket/x, pocaduck-s3", "gs://bucket/x, pocaduck-gcs",
            "https://account.blob.core.windows.net/container/x, pocaduck-azure"})
    void cloudLocationsNameTheModuleTheyNeed(String location, String module) {
        assertThatThrownBy(() -> ObjectStores.open(StorageConfig.of(location)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(location, module);
        assertThatThrownBy(() -> Query.open(StorageConfig.of(location)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(location, module);
    }

    /** Core alone carries no cloud SDK: every writing step on a bucket names the module it needs. */
    @ParameterizedTest
    @CsvSource({"s3://bucket/pc, pocaduck-s3", "gs://bucket/pc, pocaduck-gcs",
            "https://account.blob.core.windows.net/container/pc, pocaduck-azure"})
    void writingStepsOnABucketNameTheModuleTheyNeed(String location, String module) {
        StorageConfig config = StorageConfig.of(location);
        List<ThrowingCallable> operations = List.of(() -> Ingestor.open(config, "w"),
                () -> Ingestor.consolidateIndexes(config), () -> Ingestor.commitWorker(config, "w"),
                () -> Optimizer.optimize(config), () -> Optimizer.plan(config, OptimizerOptions.defaults()),
                () -> Optimizer.commit(config), () -> Optimizer.cleanup(config));
        for (ThrowingCallable operation : operations) {
            assertThatThrownBy(operation).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll(location, module);
        }
    }

    @Test
    void importNeedsLocalDirectories() {
        StorageConfig bucket = StorageConfig.of("s3://bucket/pc");
        assertThatThrownBy(() -> PythonDatasetImport.run(StorageConfig.local(temp), bucket))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("s3://bucket/pc", "local");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void nullOrBlankLocationsAreRejected(String location) {
        assertThatThrownBy(() -> StorageConfig.of(location))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("base location", location == null ? "null" : "blank");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void maxPointsPerFileMustBePositive(long maxPointsPerFile) {
        assertThatThrownBy(() -> IngestorOptions.defaults().withMaxPointsPerFile(maxPointsPerFile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("maxPointsPerFile", "is " + maxPointsPerFile);
    }

    @Test
    void cacheBytesMustNotBeNegative() {
        assertThatThrownBy(() -> QueryOptions.defaults().withCacheBytes(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("cacheBytes", "-1");
        assertThat(QueryOptions.defaults().withCacheBytes(0).cacheBytes()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "X"})
    void aColumnNameMayAppearOnlyOnce(String repeated) {
        assertThatThrownBy(() -> PointSchema.builder().column("x", ColumnType.INT64).column(repeated, ColumnType.INT64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'" + repeated + "'", "twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"label", "block_id", "Label"})
    void columnNamesOfThePayloadAreReserved(String name) {
        assertThatThrownBy(() -> PointSchema.of(ColumnType.INT64, "x", name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'" + name + "'", "reserved");
    }

    static Stream<String> invalidColumnNames() {
        return Stream.of(null, "", "1x", "x y", "x-y", "x;drop", "\"x\"", "é", "c".repeat(65));
    }

    @ParameterizedTest
    @MethodSource("invalidColumnNames")
    void columnNamesMustBeSimpleIdentifiers(String name) {
        assertThatThrownBy(() -> PointSchema.of(ColumnType.INT64, "x", name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'" + name + "'", "expected");
    }
}
