package org.pocaduck.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
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
import org.pocaduck.BlockScanner;
import org.pocaduck.DatasetSnapshot;
import org.pocaduck.OptimizationPlan;
import org.pocaduck.OptimizationSummary;
import org.pocaduck.Optimizer;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.PointCloud;
import org.pocaduck.Query;
import org.pocaduck.RandomLabelVolume;
import org.pocaduck.StorageConfig;
import org.pocaduck.StoredDatasets;

/**
 * A label volume scanned block by block through Spark holds exactly what one direct {@link BlockScanner} scan of the
 * whole volume finds; optimizing through Spark changes no answer, also when two attempts run the same shards at once.
 */
class SparkScanOptimizeTest {
    private static final long[] LABEL_CHOICES = {0, 7, 8, 1L << 40, Long.MIN_VALUE, Long.MIN_VALUE + 5, -1L};
    private static final int[] BLOCK = {16, 16, 16};

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

    /**
     * The volume cut into blocks of {@link #BLOCK}, each with a one-voxel halo clipped to the volume when
     * {@code halo}; labels as binary or as array of bigint.
     */
    private static Dataset<Row> blocks(RandomLabelVolume volume, boolean halo, boolean binary) {
        DataType labelsType = binary ? DataTypes.BinaryType : DataTypes.createArrayType(DataTypes.LongType, false);
        StructType columns = new StructType().add("block_id", DataTypes.StringType)
                .add("offset", DataTypes.createArrayType(DataTypes.LongType, false))
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false))
                .add("labels", labelsType);
        if (halo) {
            columns = columns.add("region_start", DataTypes.createArrayType(DataTypes.IntegerType, false))
                    .add("region_shape", DataTypes.createArrayType(DataTypes.IntegerType, false));
        }
        int[] size = {volume.nz, volume.ny, volume.nx};
        List<Row> rows = new ArrayList<>();
        for (int bz = 0; bz < size[0]; bz += BLOCK[0]) {
            for (int by = 0; by < size[1]; by += BLOCK[1]) {
                for (int bx = 0; bx < size[2]; bx += BLOCK[2]) {
                    int[] blockStart = {bz, by, bx};
                    int[] start = new int[3];
                    int[] end = new int[3];
                    for (int axis = 0; axis < 3; axis++) {
                        int margin = halo ? 1 : 0;
                        start[axis] = Math.max(0, blockStart[axis] - margin);
                        end[axis] = Math.min(size[axis], blockStart[axis] + BLOCK[axis] + margin);
                    }
                    int[] shape = {end[0] - start[0], end[1] - start[1], end[2] - start[2]};
                    long[] labels = new long[shape[0] * shape[1] * shape[2]];
                    int n = 0;
                    for (int z = start[0]; z < end[0]; z++) {
                        for (int y = start[1]; y < end[1]; y++) {
                            for (int x = start[2]; x < end[2]; x++) {
                                labels[n++] = volume.label(z, y, x);
                            }
                        }
                    }
                    Object labelValue = binary ? littleEndian(labels) : Arrays.stream(labels).boxed().toList();
                    List<Object> values = new ArrayList<>(List.of(bz / BLOCK[0] + "_" + by / BLOCK[1] + "_"
                            + bx / BLOCK[2], List.of((long) start[0], (long) start[1], (long) start[2]),
                            List.of(shape[0], shape[1], shape[2]), labelValue));
                    if (halo) {
                        int[] regionStart = new int[3];
                        int[] regionShape = new int[3];
                        for (int axis = 0; axis < 3; axis++) {
                            regionStart[axis] = blockStart[axis] - start[axis];
                            regionShape[axis] = Math.min(size[axis], blockStart[axis] + BLOCK[axis]) - blockStart[axis];
                        }
                        values.add(Arrays.stream(regionStart).boxed().toList());
                        values.add(Arrays.stream(regionShape).boxed().toList());
                    }
                    rows.add(RowFactory.create(values.toArray()));
                }
            }
        }
        return spark.createDataFrame(rows, columns).repartition(3);
    }

    private static byte[] littleEndian(long[] labels) {
        ByteBuffer bytes = ByteBuffer.allocate(labels.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(labels);
        return bytes.array();
    }

    /** One direct scan of the whole volume: what every label must hold. */
    private static Map<Long, Set<RandomLabelVolume.Voxel>> directScan(RandomLabelVolume volume, BlockScanner scanner) {
        Map<Long, Set<RandomLabelVolume.Voxel>> points = new HashMap<>();
        int[] shape = {volume.nz, volume.ny, volume.nx};
        scanner.scan(volume.labels, shape, new long[3], new int[3], shape, (label, cloud) -> {
            Set<RandomLabelVolume.Voxel> voxels = points.computeIfAbsent(label, l -> new HashSet<>());
            for (long[] point : cloud.toLongArray()) {
                voxels.add(new RandomLabelVolume.Voxel(point[0], point[1], point[2]));
            }
        });
        return points;
    }

    @Test
    void surfacesScannedWithHalosThroughSparkMatchADirectScanAndSurviveOptimization() {
        RandomLabelVolume volume = RandomLabelVolume.generate(40, 36, 44, LABEL_CHOICES, 7);
        StorageConfig config = StorageConfig.local(temp.resolve("surfaces"));
        BlockScanner scanner = BlockScanner.surfaceVoxels();
        Map<Long, Set<RandomLabelVolume.Voxel>> expected = directScan(volume, scanner);

        ScanSummary summary = PocaduckSpark.scan(blocks(volume, true, true), config, scanner);

        assertThat(summary.blocks()).isEqualTo(3 * 3 * 3);
        assertThat(summary.voxels()).isEqualTo((long) volume.nz * volume.ny * volume.nx);
        long expectedPoints = expected.values().stream().mapToLong(Set::size).sum();
        assertThat(summary.points()).isEqualTo(expectedPoints);
        assertThat(summary.committedWorkers()).hasSize(3);
        assertThat(summary.consolidation().uncommittedWorkers()).isEmpty();
        try (Query query = Query.open(config)) {
            RandomLabelVolume.assertHolds(query, expected);
        }
        DatasetSnapshot scanned = DatasetSnapshot.of(config);

        OptimizationSummary optimized = PocaduckSpark.optimize(spark, config,
                OptimizerOptions.defaults().withTargetFileBytes(8192), 3);

        assertThat(optimized.shards()).isGreaterThan(3);
        assertThat(optimized.shardsOptimized()).isEqualTo(optimized.shards());
        assertThat(optimized.pointsWritten()).isEqualTo(expectedPoints);
        try (Query query = Query.open(config)) {
            assertThat(query.generation()).isEqualTo(optimized.generation());
            assertThat(query.verify()).isEmpty();
            assertThat(query.statistics().files()).isEqualTo(optimized.filesWritten());
            RandomLabelVolume.assertHolds(query, expected);
        }
        assertThat(DatasetSnapshot.of(config)).isEqualTo(scanned);
    }

    @Test
    void everyVoxelOnAStrideGridScannedAsBigintArraysMatchesADirectScan() {
        RandomLabelVolume volume = RandomLabelVolume.generate(33, 20, 40, LABEL_CHOICES, 8);
        StorageConfig config = StorageConfig.local(temp.resolve("stride"));
        BlockScanner scanner = BlockScanner.allVoxels().withStride(3);

        ScanSummary summary = PocaduckSpark.scan(blocks(volume, false, false), config, scanner);

        Map<Long, Set<RandomLabelVolume.Voxel>> expected = directScan(volume, scanner);
        assertThat(summary.points()).isEqualTo(expected.values().stream().mapToLong(Set::size).sum());
        try (Query query = Query.open(config)) {
            RandomLabelVolume.assertHolds(query, expected);
            for (long label : query.getLabels()) {
                PointCloud points = query.getPoints(label);
                assertThat(query.getBlocksForLabel(label)).isNotEmpty();
                assertThat(points.size()).isEqualTo(expected.get(label).size());
            }
        }
    }

    @Test
    void twoAttemptsOfEveryShardTaskAtOnceWriteEachShardOnceAndCommit() throws Exception {
        StorageConfig config = StoredDatasets.writeH01(temp.resolve("h01"));
        DatasetSnapshot before = DatasetSnapshot.of(config);
        OptimizerOptions options = OptimizerOptions.defaults().withTargetFileBytes(4096);
        OptimizationPlan plan = Optimizer.plan(config, options);

        // What Spark does with a speculative copy: the same worker number runs twice, here at the same time.
        List<ShardTask.Result> results = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(List.of(0, 0, 1, 1), 4)
                .map(new ShardTask(new StorageLocation(config), options, 2)).collect();
        Optimizer.commit(config);

        assertThat(results.stream().mapToInt(ShardTask.Result::shardsOptimized).sum()).as("each shard written once")
                .isEqualTo(plan.shards());
        assertThat(results.stream().mapToInt(ShardTask.Result::shardsSkipped).sum()).isEqualTo(plan.shards());
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isEmpty();
        }
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
    }
}
