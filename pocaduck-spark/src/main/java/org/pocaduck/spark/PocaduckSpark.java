package org.pocaduck.spark;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pocaduck.BlockScanner;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.OptimizationPlan;
import org.pocaduck.OptimizationSummary;
import org.pocaduck.Optimizer;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.PointSchema;
import org.pocaduck.StorageConfig;

/**
 * Ingestion, volume scans and optimization as Spark jobs, each ending with the dataset consolidated (or committed)
 * on the driver, so that a {@code Query} opened afterwards sees everything the job wrote.
 *
 * <pre>{@code
 * Dataset<Row> points = spark.read().parquet("s3a://lab/points/");   // label, block_id, x, y, z, ...
 * IngestSummary summary = PocaduckSpark.ingest(points, StorageConfig.of("/shared/pc"));
 * }</pre>
 *
 * <p><b>Exactly once.</b> Every task attempt writes as its own worker, invisible until committed. When the job has
 * succeeded, the driver commits the one attempt per partition that Spark returned, then consolidates: points of
 * failed, killed and speculative duplicate attempts are never visible, whatever they had flushed. Those attempts'
 * files stay behind, listed in the consolidation's {@code uncommittedWorkers}.
 *
 * <p>Every JVM needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (DuckDB and Arrow), on the driver and the
 * executors: see docs/SPARK.md.
 */
public final class PocaduckSpark {
    private PocaduckSpark() {
    }

    /** {@link #ingest(Dataset, StorageConfig, SparkIngestOptions)} with the default options. */
    public static IngestSummary ingest(Dataset<Row> points, StorageConfig config) {
        return ingest(points, config, SparkIngestOptions.defaults());
    }

    /**
     * Writes the points and consolidates. Columns: {@code label} (bigint, the label's 64 bits as everywhere in this
     * API; or decimal(20,0), the unsigned value, for labels of 2^63 and above), {@code block_id} (string), then one
     * column per point dimension in column order (int, bigint, float or double: int32, int64, float32, float64).
     * Points are shuffled by block and sorted by block and label, so each task writes whole blocks, unless
     * {@link SparkIngestOptions#withInputGroupedByBlock()} says they already are.
     *
     * @throws IllegalArgumentException naming the column or value at fault: a missing or mistyped column (before any
     *     task runs), a null, or a decimal label outside 0 .. 2^64 - 1 (found by a task; nothing becomes visible)
     */
    public static IngestSummary ingest(Dataset<Row> points, StorageConfig config, SparkIngestOptions options) {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        PointColumns columns = PointColumns.of(points.schema());
        PointSchema schema = columns.schema();
        IngestorOptions ingestorOptions = options.ingestorOptions();
        ingestorOptions.schema().filter(declared -> !declared.equals(schema)).ifPresent(declared -> {
            throw new IllegalArgumentException("the ingestor options declare schema " + declared
                    + " but the points' columns are " + schema + "; expected the same names and types in order");
        });
        Dataset<Row> grouped = points;
        if (!options.inputGroupedByBlock()) {
            grouped = (options.partitions() > 0 ? points.repartition(options.partitions(), col(PointColumns.BLOCK_ID))
                    : points.repartition(col(PointColumns.BLOCK_ID)))
                    .sortWithinPartitions(PointColumns.BLOCK_ID, PointColumns.LABEL);
        }
        String what = "ingestion into " + config.location();
        // With adaptive execution the shuffle already runs here, to size the partitions.
        JavaRDD<Row> rows = SparkJobs.run(what, grouped::toJavaRDD);
        IngestTask task = new IngestTask(new StorageLocation(config), columns, WriterSettings.of(ingestorOptions),
                TaskAttempts.newJobTag());
        List<AttemptResult> results = SparkJobs.run(what, () -> rows.mapPartitionsWithIndex(task, false).collect());
        List<String> committed = TaskAttempts.commit(config, rows.getNumPartitions(), results);
        ConsolidationSummary consolidation = Ingestor.consolidateIndexes(config);
        return new IngestSummary(committed, results.stream().mapToLong(AttemptResult::points).sum(), consolidation);
    }

    /** {@link #scan(Dataset, StorageConfig, BlockScanner, IngestorOptions)} with the default Ingestor options. */
    public static ScanSummary scan(Dataset<Row> blocks, StorageConfig config, BlockScanner scanner) {
        return scan(blocks, config, scanner, IngestorOptions.defaults());
    }

    /**
     * Scans every block with {@code scanner}, one task per partition of {@code blocks}, and consolidates. Columns:
     * {@code block_id} (string), {@code offset} (array of 3 bigint or int: volume coordinates of the block's first
     * element), {@code shape} (array of 3 int), {@code labels} (the block's labels in C order: array of bigint, or
     * binary with 8 little-endian bytes per voxel, the faster form) and, for blocks with a halo, {@code region_start}
     * and {@code region_shape} (arrays of 3 int). Axes are per array axis, as {@link BlockScanner} describes.
     *
     * @throws IllegalArgumentException naming the column or block at fault
     */
    public static ScanSummary scan(Dataset<Row> blocks, StorageConfig config, BlockScanner scanner,
            IngestorOptions options) {
        Objects.requireNonNull(blocks, "blocks");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(scanner, "scanner");
        Objects.requireNonNull(options, "options");
        if (options.schema().filter(declared -> !declared.equals(BlockScanner.SCHEMA)).isPresent()) {
            throw new IllegalArgumentException("the ingestor options declare schema " + options.schema().get()
                    + " but a scan writes " + BlockScanner.SCHEMA);
        }
        BlockColumns columns = BlockColumns.of(blocks.schema());
        String what = "scan into " + config.location();
        JavaRDD<Row> rows = SparkJobs.run(what, blocks::toJavaRDD);
        ScanTask task = new ScanTask(new StorageLocation(config), columns, ScannerSettings.of(scanner),
                WriterSettings.of(options), TaskAttempts.newJobTag());
        List<AttemptResult> results = SparkJobs.run(what, () -> rows.mapPartitionsWithIndex(task, false).collect());
        List<String> committed = TaskAttempts.commit(config, rows.getNumPartitions(), results);
        ConsolidationSummary consolidation = Ingestor.consolidateIndexes(config);
        return new ScanSummary(committed, results.stream().mapToLong(AttemptResult::blocks).sum(),
                results.stream().mapToLong(AttemptResult::voxels).sum(),
                results.stream().mapToLong(AttemptResult::points).sum(), consolidation);
    }

    /** {@link #optimize(SparkSession, StorageConfig, OptimizerOptions, int)} on Spark's default parallelism. */
    public static OptimizationSummary optimize(SparkSession spark, StorageConfig config, OptimizerOptions options) {
        return optimize(spark, config, options, spark.sparkContext().defaultParallelism());
    }

    /**
     * Optimizes the consolidated dataset: plans on the driver, optimizes the shards in {@code workers} tasks (worker
     * k takes every shard whose number is k modulo the workers, on {@link OptimizerOptions#threads()} threads), then
     * commits on the driver. The summary adds up the tasks' work and carries the committed generation.
     *
     * @throws IllegalArgumentException if {@code workers} is below 1
     */
    public static OptimizationSummary optimize(SparkSession spark, StorageConfig config, OptimizerOptions options,
            int workers) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        if (workers < 1) {
            throw new IllegalArgumentException("workers is " + workers + "; expected 1 or more");
        }
        OptimizationPlan plan = Optimizer.plan(config, options);
        int tasks = Math.max(1, Math.min(workers, plan.shards()));
        JavaRDD<Integer> numbers = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(IntStream.range(0, tasks).boxed().toList(), tasks);
        ShardTask task = new ShardTask(new StorageLocation(config), options, tasks);
        List<ShardTask.Result> results = SparkJobs.run("optimization of " + config.location(),
                () -> numbers.map(task).collect());
        ConsolidationSummary committed = Optimizer.commit(config);
        return new OptimizationSummary(plan.run(), plan.shards(),
                results.stream().mapToInt(ShardTask.Result::shardsOptimized).sum(),
                results.stream().mapToInt(ShardTask.Result::shardsSkipped).sum(),
                results.stream().mapToLong(ShardTask.Result::pointsRead).sum(),
                results.stream().mapToLong(ShardTask.Result::pointsWritten).sum(),
                results.stream().mapToLong(ShardTask.Result::filesWritten).sum(),
                results.stream().mapToLong(ShardTask.Result::bytesWritten).sum(), committed.generation());
    }
}
