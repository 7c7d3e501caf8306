package org.pocaduck.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.pocaduck.BlockScanner;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.PointCloud;
import org.pocaduck.StorageConfig;

/**
 * Spark's cost over direct use of the library on the same machine: ingestion of one synthetic blockwise workload
 * through {@link PocaduckSpark#ingest} (shuffled by block, and already grouped by block) against 2 threads with an
 * Ingestor each, and a surface scan of a dense label volume through {@link PocaduckSpark#scan} against 2 threads
 * scanning directly. Every timing runs from the first write to the end of the consolidation; the Spark inputs are
 * generated and cached before the clock starts, as the direct inputs are built in memory first. See docs/SPARK.md
 * for the command.
 *
 * <p>Arguments: {@code DIR [POINTS] [SCAN_BLOCKS_PER_AXIS]}: an empty or absent directory for the datasets, then
 * 4,000,000 points and 4 (4³ blocks of 64³) by default.
 */
public final class SparkBenchmark {
    private static final int POINTS_PER_BLOCK = 2_500;
    private static final int BLOCK = 64;
    private static final int THREADS = 2;
    private static final long SEED = 42;

    private SparkBenchmark() {
    }

    /** One label's points in one block. */
    private record Chunk(long label, String blockId, long[] x, long[] y, long[] z) {
    }

    /** Block {@code block}'s chunks: about 2,500 points in chunks of 1–180 points, labels from a shared pool. */
    private static List<Chunk> chunks(int block, int labelPool) {
        SplittableRandom random = new SplittableRandom(SEED * 1_000_003 + block);
        List<Chunk> chunks = new ArrayList<>();
        String blockId = "b" + block;
        long origin = (long) block * BLOCK;
        for (int points = 0; points < POINTS_PER_BLOCK; ) {
            int size = Math.min(1 + random.nextInt(180), POINTS_PER_BLOCK - points);
            long id = random.nextInt(labelPool);
            long label = id % 16 == 0 ? Long.MIN_VALUE + id : id + 1;
            long[] x = new long[size];
            long[] y = new long[size];
            long[] z = new long[size];
            for (int i = 0; i < size; i++) {
                x[i] = origin + random.nextInt(BLOCK);
                y[i] = random.nextInt(BLOCK);
                z[i] = random.nextInt(BLOCK);
            }
            chunks.add(new Chunk(label, blockId, x, y, z));
            points += size;
        }
        return chunks;
    }

    private static Iterator<Row> rows(int block, int labelPool) {
        List<Row> rows = new ArrayList<>(POINTS_PER_BLOCK);
        for (Chunk chunk : chunks(block, labelPool)) {
            for (int i = 0; i < chunk.x().length; i++) {
                rows.add(RowFactory.create(chunk.label(), chunk.blockId(), chunk.x()[i], chunk.y()[i], chunk.z()[i]));
            }
        }
        return rows.iterator();
    }

    /** A dense segmentation: jittered cells about 10 voxels across, a tenth of them background. */
    private static long labelAt(long x, long y, long z) {
        long cx = (x + 3 * ((y / 7) % 3)) / 10;
        long cy = (y + 2 * ((z / 5) % 4)) / 11;
        long cz = (z + 4 * ((x / 9) % 2)) / 9;
        long cell = cx * 1_000_003L * 1_000_003L + cy * 1_000_003L + cz;
        long hash = cell * 0x9E3779B97F4A7C15L;
        return Math.floorMod(hash >>> 7, 10) == 0 ? 0 : (hash | 1);
    }

    /** A block with a one-voxel halo clipped to the volume, as a scan reads it. */
    private record ScanBlock(String id, long[] offset, int[] shape, int[] regionStart, long[] labels) {
        Row toRow() {
            ByteBuffer bytes = ByteBuffer.allocate(labels.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asLongBuffer().put(labels);
            return RowFactory.create(id, offset, shape, bytes.array(), regionStart, new int[] {BLOCK, BLOCK, BLOCK});
        }
    }

    /** Block number {@code index} of a cube of {@code perAxis}³ blocks. */
    private static ScanBlock scanBlock(int index, int perAxis) {
        int[] block = {index / (perAxis * perAxis), index / perAxis % perAxis, index % perAxis};
        int size = perAxis * BLOCK;
        long[] offset = new long[3];
        int[] shape = new int[3];
        int[] regionStart = new int[3];
        for (int axis = 0; axis < 3; axis++) {
            int start = Math.max(0, block[axis] * BLOCK - 1);
            int end = Math.min(size, block[axis] * BLOCK + BLOCK + 1);
            offset[axis] = start;
            shape[axis] = end - start;
            regionStart[axis] = block[axis] * BLOCK - start;
        }
        long[] labels = new long[shape[0] * shape[1] * shape[2]];
        int n = 0;
        for (int z = 0; z < shape[0]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[2]; x++) {
                    labels[n++] = labelAt(offset[2] + x, offset[1] + y, offset[0] + z);
                }
            }
        }
        return new ScanBlock(block[0] + "_" + block[1] + "_" + block[2], offset, shape, regionStart, labels);
    }

    private static final StructType POINT_COLUMNS = new StructType().add("label", DataTypes.LongType)
            .add("block_id", DataTypes.StringType).add("x", DataTypes.LongType).add("y", DataTypes.LongType)
            .add("z", DataTypes.LongType);
    private static final StructType BLOCK_COLUMNS = new StructType().add("block_id", DataTypes.StringType)
            .add("offset", DataTypes.createArrayType(DataTypes.LongType, false))
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false))
            .add("labels", DataTypes.BinaryType)
            .add("region_start", DataTypes.createArrayType(DataTypes.IntegerType, false))
            .add("region_shape", DataTypes.createArrayType(DataTypes.IntegerType, false));

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SparkBenchmark DIR [POINTS] [SCAN_BLOCKS_PER_AXIS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        long requested = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 4_000_000;
        int perAxis = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int blocks = (int) Math.max(THREADS, requested / POINTS_PER_BLOCK);
        long points = (long) blocks * POINTS_PER_BLOCK;
        int labelPool = (int) Math.max(16, points / 100);
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    System.err.println(dir + " is not empty; expected an empty or absent directory for the datasets");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(dir);

        SparkSession spark = SparkSession.builder().master("local[" + THREADS + "]").appName("pocaduck-spark-benchmark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", Integer.toString(THREADS * 4)).getOrCreate();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> blockNumbers = IntStream.range(0, blocks).boxed().toList();
        try {
            System.out.printf("workload: %,d points in %,d blocks of %,d points, %,d labels in the pool%n", points,
                    blocks, POINTS_PER_BLOCK, labelPool);
            warmUp(spark, jsc, dir.resolve("warm-up"), labelPool);
            List<List<Chunk>> prepared = blockNumbers.stream().map(block -> chunks(block, labelPool)).toList();
            double direct = timeDirectIngest(dir.resolve("direct-ingest"), prepared, points);
            prepared = null;

            JavaRDD<Row> pointRows = jsc.parallelize(blockNumbers, THREADS * 4)
                    .mapPartitions(numbers -> {
                        List<Row> rows = new ArrayList<>();
                        numbers.forEachRemaining(block -> rows(block, labelPool).forEachRemaining(rows::add));
                        return rows.iterator();
                    });
            Dataset<Row> input = spark.createDataFrame(pointRows, POINT_COLUMNS).persist(StorageLevel.MEMORY_ONLY());
            check(input.count(), points, "cached input rows");

            double shuffled = timeSparkIngest(dir.resolve("spark-ingest-shuffled"), input,
                    SparkIngestOptions.defaults(), points);
            double grouped = timeSparkIngest(dir.resolve("spark-ingest-grouped"), input,
                    SparkIngestOptions.defaults().withInputGroupedByBlock(), points);
            input.unpersist();
            System.out.println();
            System.out.println("| ingest of " + String.format("%,d", points) + " points, open to consolidated | s"
                    + " | M points/s | M points/s per core | time ÷ direct |");
            System.out.println("| --- | --- | --- | --- | --- |");
            row("2 threads, one Ingestor each (direct)", points, direct, direct);
            row("Spark local[2], shuffled by block (default)", points, shuffled, direct);
            row("Spark local[2], input grouped by block", points, grouped, direct);

            int scanBlocks = perAxis * perAxis * perAxis;
            List<Integer> scanNumbers = IntStream.range(0, scanBlocks).boxed().toList();
            List<ScanBlock> directBlocks = scanNumbers.stream().map(index -> scanBlock(index, perAxis)).toList();
            long voxels = (long) scanBlocks * BLOCK * BLOCK * BLOCK;
            long[] directPoints = new long[1];
            double directScan = timeDirectScan(dir.resolve("direct-scan"), directBlocks, directPoints);
            directBlocks = null;

            Dataset<Row> volume = spark.createDataFrame(jsc.parallelize(scanNumbers, THREADS * 4)
                    .map(index -> scanBlock(index, perAxis).toRow()), BLOCK_COLUMNS).persist(StorageLevel.MEMORY_ONLY());
            check(volume.count(), scanBlocks, "cached blocks");
            long start = System.nanoTime();
            ScanSummary scan = PocaduckSpark.scan(volume, StorageConfig.local(dir.resolve("spark-scan")),
                    BlockScanner.surfaceVoxels());
            double sparkScan = (System.nanoTime() - start) / 1e9;
            check(scan.points(), directPoints[0], "points of the Spark scan");
            check(scan.consolidation().points(), directPoints[0], "consolidated points of the Spark scan");
            check(scan.voxels(), voxels, "voxels of the Spark scan");
            System.out.println();
            System.out.printf("| surface scan of %,d voxels (%d blocks of 64³ with halos), %,d points, open to"
                    + " consolidated | s | M voxels/s | M voxels/s per core | M points/s per core | time ÷ direct |%n",
                    voxels, scanBlocks, directPoints[0]);
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            scanRow("2 threads, BlockScanner into one Ingestor each (direct)", voxels, directPoints[0], directScan,
                    directScan);
            scanRow("Spark local[2], PocaduckSpark.scan", voxels, directPoints[0], sparkScan, directScan);
        } finally {
            spark.stop();
        }
    }

    /** A small run of every path first, so that neither side pays the JVM's and Spark's start-up in its timing. */
    private static void warmUp(SparkSession spark, JavaSparkContext jsc, Path dir, int labelPool) throws Exception {
        List<Integer> blocks = IntStream.range(0, 40).boxed().toList();
        timeDirectIngest(dir.resolve("direct"), blocks.stream().map(block -> chunks(block, labelPool)).toList(),
                blocks.size() * (long) POINTS_PER_BLOCK);
        Dataset<Row> input = spark.createDataFrame(jsc.parallelize(blocks, THREADS)
                .flatMap(block -> rows(block, labelPool)), POINT_COLUMNS);
        timeSparkIngest(dir.resolve("spark"), input, SparkIngestOptions.defaults(), blocks.size() * (long) POINTS_PER_BLOCK);
        timeDirectScan(dir.resolve("direct-scan"), List.of(scanBlock(0, 1)), new long[1]);
        PocaduckSpark.scan(spark.createDataFrame(List.of(scanBlock(0, 1).toRow()), BLOCK_COLUMNS),
                StorageConfig.local(dir.resolve("spark-scan")), BlockScanner.surfaceVoxels());
    }

    private static void row(String what, long points, double seconds, double direct) {
        System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f |%n", what, seconds, points / seconds / 1e6,
                points / seconds / 1e6 / THREADS, seconds / direct);
    }

    private static void scanRow(String what, long voxels, long points, double seconds, double direct) {
        System.out.printf("| %s | %.2f | %.1f | %.1f | %.2f | %.2f |%n", what, seconds, voxels / seconds / 1e6,
                voxels / seconds / 1e6 / THREADS, points / seconds / 1e6 / THREADS, seconds / direct);
    }

    private static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + ", expected " + expected);
        }
    }

    private static double timeDirectIngest(Path base, List<List<Chunk>> blocks, long points) throws Exception {
        StorageConfig config = StorageConfig.local(base);
        long start = System.nanoTime();
        runThreads(thread -> {
            try (Ingestor ingestor = Ingestor.open(config, "direct-" + thread)) {
                for (int block = thread; block < blocks.size(); block += THREADS) {
                    for (Chunk chunk : blocks.get(block)) {
                        ingestor.write(chunk.label(), chunk.blockId(), PointCloud.ofColumns(BlockScanner.SCHEMA,
                                chunk.x(), chunk.y(), chunk.z()));
                    }
                }
            }
            return 0L;
        });
        ConsolidationSummary summary = Ingestor.consolidateIndexes(config);
        double seconds = (System.nanoTime() - start) / 1e9;
        check(summary.points(), points, "consolidated points of the direct ingest");
        return seconds;
    }

    private static double timeSparkIngest(Path base, Dataset<Row> input, SparkIngestOptions options, long points) {
        long start = System.nanoTime();
        IngestSummary summary = PocaduckSpark.ingest(input, StorageConfig.local(base), options);
        double seconds = (System.nanoTime() - start) / 1e9;
        check(summary.consolidation().points(), points, "consolidated points of " + options);
        return seconds;
    }

    private static double timeDirectScan(Path base, List<ScanBlock> blocks, long[] points) throws Exception {
        StorageConfig config = StorageConfig.local(base);
        BlockScanner scanner = BlockScanner.surfaceVoxels();
        int[] region = {BLOCK, BLOCK, BLOCK};
        long start = System.nanoTime();
        List<Long> written = runThreads(thread -> {
            long threadPoints = 0;
            try (Ingestor ingestor = Ingestor.open(config, "direct-" + thread)) {
                for (int i = thread; i < blocks.size(); i += THREADS) {
                    ScanBlock block = blocks.get(i);
                    threadPoints += scanner.scan(block.labels(), block.shape(), block.offset(), block.regionStart(),
                            region, block.id(), ingestor).points();
                }
            }
            return threadPoints;
        });
        ConsolidationSummary summary = Ingestor.consolidateIndexes(config);
        double seconds = (System.nanoTime() - start) / 1e9;
        points[0] = written.stream().mapToLong(Long::longValue).sum();
        check(summary.points(), points[0], "consolidated points of the direct scan");
        return seconds;
    }

    private interface ThreadWork {
        long run(int thread) throws IOException;
    }

    private static List<Long> runThreads(ThreadWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> work.run(thread)));
            }
            List<Long> results = new ArrayList<>();
            for (Future<Long> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
