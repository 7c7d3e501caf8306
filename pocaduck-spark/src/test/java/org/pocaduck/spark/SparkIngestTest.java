package org.pocaduck.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.ColumnType;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.DatasetSnapshot;
import org.pocaduck.H01Sample;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;

/**
 * Points ingested through Spark answer exactly as written: the real H01 sample against its expected.json, and seeded
 * random points with uint64 labels of 2^63 and above in all four column types. Bad input is refused with a message
 * naming the column or value, and leaves the dataset as it was.
 */
class SparkIngestTest {
    private static final StructType H01_COLUMNS = new StructType()
            .add("label", DataTypes.LongType, false).add("block_id", DataTypes.StringType, false)
            .add("x", DataTypes.LongType, false).add("y", DataTypes.LongType, false)
            .add("z", DataTypes.LongType, false).add("supervoxel", DataTypes.LongType, false);
    private static final DataType UINT64 = DataTypes.createDecimalType(20, 0);

    private static SparkSession spark;

    @TempDir
    Path temp;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static Dataset<Row> h01Points() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (H01Sample.Row row : H01Sample.rows()) {
            rows.add(RowFactory.create(row.label(), row.blockId(), row.point().get(0), row.point().get(1),
                    row.point().get(2), row.point().get(3)));
        }
        return spark.createDataFrame(rows, H01_COLUMNS);
    }

    @Test
    void theH01SampleAnswersAsExpected() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("h01"));
        List<H01Sample.Row> csv = H01Sample.rows();

        IngestSummary summary = PocaduckSpark.ingest(h01Points(), config);

        assertThat(summary.points()).isEqualTo(csv.size());
        assertThat(summary.consolidation().points()).isEqualTo(csv.size());
        assertThat(summary.consolidation().workers()).containsExactlyInAnyOrderElementsOf(summary.committedWorkers());
        assertThat(summary.consolidation().uncommittedWorkers()).isEmpty();
        Map<Long, H01Sample.Expected> expected = H01Sample.expected();
        Map<Long, List<String>> csvRows = new HashMap<>();
        PointSchema schema = PointSchema.of(ColumnType.INT64, "x", "y", "z", "supervoxel");
        for (H01Sample.Row row : csv) {
            csvRows.computeIfAbsent(row.label(), label -> new ArrayList<>())
                    .add(DatasetSnapshot.rows(PointCloud.ofColumns(schema, new long[] {row.point().get(0)},
                            new long[] {row.point().get(1)}, new long[] {row.point().get(2)},
                            new long[] {row.point().get(3)})).get(0));
        }
        try (Query query = Query.open(config)) {
            assertThat(query.schema()).isEqualTo(schema);
            assertThat(query.getLabels()).hasSize(expected.size());
            for (Map.Entry<Long, H01Sample.Expected> entry : expected.entrySet()) {
                long label = entry.getKey();
                PointCloud points = query.getPoints(label);
                List<String> rows = DatasetSnapshot.rows(points);
                assertThat(query.getPointCount(label)).isEqualTo(entry.getValue().pointCount());
                assertThat(query.getBlocksForLabel(label))
                        .containsExactlyInAnyOrderElementsOf(entry.getValue().blockIds());
                assertThat(rows.stream().distinct().count()).isEqualTo(entry.getValue().distinctPointCount());
                List<String> fromCsv = new ArrayList<>(csvRows.get(label));
                Collections.sort(fromCsv);
                assertThat(rows).as("points of label %s", Long.toUnsignedString(label)).isEqualTo(fromCsv);
            }
            assertThat(query.verify()).isEmpty();
        }
    }

    @Test
    void seededRandomPointsWithLabelsAbove2To63RoundTripInAllFourColumnTypes() {
        StorageConfig config = StorageConfig.local(temp.resolve("random"));
        PointSchema schema = PointSchema.builder().column("x", ColumnType.INT32).column("y", ColumnType.INT64)
                .column("z", ColumnType.FLOAT32).column("w", ColumnType.FLOAT64).build();
        StructType columns = new StructType().add("label", UINT64, false).add("block_id", DataTypes.StringType, false)
                .add("x", DataTypes.IntegerType, false).add("y", DataTypes.LongType, false)
                .add("z", DataTypes.FloatType, false).add("w", DataTypes.DoubleType, false);
        BigInteger twoTo63 = BigInteger.ONE.shiftLeft(63);
        List<BigInteger> labels = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, twoTo63.subtract(
                BigInteger.ONE), twoTo63, twoTo63.add(BigInteger.valueOf(12345)), BigInteger.ONE.shiftLeft(64)
                .subtract(BigInteger.ONE)));
        SplittableRandom random = new SplittableRandom(20261125);
        for (int i = 0; i < 20; i++) {
            labels.add(twoTo63.add(BigInteger.valueOf(random.nextLong(1L << 40))));
        }
        List<Row> rows = new ArrayList<>();
        Map<Long, List<String>> expected = new TreeMap<>(Long::compareUnsigned);
        Map<Long, Set<String>> expectedBlocks = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            BigInteger label = labels.get(random.nextInt(labels.size()));
            String block = "b" + random.nextInt(25);
            int x = random.nextInt();
            long y = random.nextLong();
            float z = (float) (random.nextDouble() * 1e6 - 5e5);
            double w = random.nextDouble() * 1e12 - 5e11;
            rows.add(RowFactory.create(new BigDecimal(label), block, x, y, z, w));
            long bits = label.longValue();
            expected.computeIfAbsent(bits, l -> new ArrayList<>()).add(DatasetSnapshot.rows(PointCloud.ofColumns(
                    schema, new int[] {x}, new long[] {y}, new float[] {z}, new double[] {w})).get(0));
            expectedBlocks.computeIfAbsent(bits, l -> new HashSet<>()).add(block);
        }

        IngestSummary summary = PocaduckSpark.ingest(spark.createDataFrame(rows, columns), config,
                SparkIngestOptions.defaults().withPartitions(3)
                        .withIngestorOptions(IngestorOptions.defaults().withMaxPointsPerFile(4_000)));

        assertThat(summary.points()).isEqualTo(rows.size());
        assertThat(summary.committedWorkers()).hasSize(3);
        try (Query query = Query.open(config)) {
            assertThat(query.schema()).isEqualTo(schema);
            assertThat(Arrays.stream(query.getLabels()).boxed()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (Map.Entry<Long, List<String>> entry : expected.entrySet()) {
                List<String> written = new ArrayList<>(entry.getValue());
                Collections.sort(written);
                assertThat(DatasetSnapshot.rows(query.getPoints(entry.getKey())))
                        .as("points of label %s", Long.toUnsignedString(entry.getKey())).isEqualTo(written);
                assertThat(query.getBlocksForLabel(entry.getKey()))
                        .containsExactlyInAnyOrderElementsOf(expectedBlocks.get(entry.getKey()));
            }
        }
    }

    private static StructType labelLast(DataType labelType) {
        return new StructType().add("block_id", DataTypes.StringType).add("x", DataTypes.LongType)
                .add("y", DataTypes.LongType).add("z", DataTypes.LongType).add("supervoxel", DataTypes.LongType)
                .add("label", labelType);
    }

    @Test
    void badInputIsRefusedNamingTheColumnOrValueAndLeavesTheDatasetAsItWas() throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("bad"));
        PocaduckSpark.ingest(h01Points(), config);
        DatasetSnapshot before = DatasetSnapshot.of(config);
        Dataset<Row> good = h01Points();

        assertThatThrownBy(() -> PocaduckSpark.ingest(good.drop("label"), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 'label'").hasMessageContaining("block_id, x, y, z, supervoxel");
        assertThatThrownBy(() -> PocaduckSpark.ingest(good.withColumn("x", good.col("x").cast("string")), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'x' has type string").hasMessageContaining("int, bigint, float or double");
        assertThatThrownBy(() -> PocaduckSpark.ingest(good.withColumn("block_id", good.col("x")), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'block_id' has type bigint; expected string");
        assertThatThrownBy(() -> PocaduckSpark.ingest(good.withColumn("label", good.col("label").cast("double")),
                config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'label' has type double");
        assertThatThrownBy(() -> PocaduckSpark.ingest(good, config, SparkIngestOptions.defaults().withIngestorOptions(
                IngestorOptions.defaults().withSchema(PointSchema.of(ColumnType.INT64, "x", "y", "z")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declare schema x:int64, y:int64, z:int64 but the points' columns are");

        assertThatThrownBy(() -> PocaduckSpark.ingest(good.select("label", "block_id", "x"), config))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has schema x:int64, y:int64, z:int64, supervoxel:int64");

        // The label may be any column; here it is the last.
        StructType columns = labelLast(UINT64);
        List<Row> negative = List.of(RowFactory.create("b1", 1L, 2L, 3L, 4L, new BigDecimal(7)),
                RowFactory.create("b1", 2L, 2L, 3L, 4L, new BigDecimal(-5)));
        Dataset<Row> negativeLabels = spark.createDataFrame(negative, columns);
        assertThatThrownBy(() -> PocaduckSpark.ingest(negativeLabels, config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label -5 in block 'b1' is not a uint64; expected 0 to 18446744073709551615");
        StructType wide = labelLast(DataTypes.createDecimalType(21, 0));
        List<Row> tooLarge = List.of(RowFactory.create("b2", 1L, 2L, 3L, 4L,
                new BigDecimal(BigInteger.ONE.shiftLeft(64))));
        Dataset<Row> tooLargeLabels = spark.createDataFrame(tooLarge, wide);
        assertThatThrownBy(() -> PocaduckSpark.ingest(tooLargeLabels, config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 18446744073709551616 in block 'b2' is not a uint64");

        ConsolidationSummary after = Ingestor.consolidateIndexes(config);
        assertThat(after.uncommittedWorkers()).as("the attempts that met the bad labels").isNotEmpty();
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
    }
}
