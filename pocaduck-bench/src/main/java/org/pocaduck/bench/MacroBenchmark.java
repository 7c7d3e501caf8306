package org.pocaduck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.Optimizer;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.StorageConfig;

/**
 * The end-to-end benchmark: generates a synthetic scan, ingests it with 1 and 2 workers, consolidates, measures
 * lookups, getPoints by label size and batch retrieval, optimizes copies with 1 and 2 threads and measures the reads
 * again, reports bytes on disk and memory, and sets it all against DuckDB's raw speed and the project's targets; then
 * scans a dense label volume with the {@code BlockScanner}, alone and into a dataset. Prints a Markdown report and
 * writes it, with a JSON twin, into the benchmark directory. Exits with 1 if any answer was wrong or a phase failed.
 *
 * <p>Run with {@code --help} for the options; see docs/PERFORMANCE.md.
 */
public final class MacroBenchmark {
    private static final double MEBIBYTE = 1 << 20;
    private static final String REPORT_NAME = "macro-benchmark";
    /** Size of the untimed ingestion that lets the JIT compile the write path before the first measured run. */
    private static final int WARM_UP_POINTS = 100_000;
    /** Edge of the dense label volume the scan phase scans: 256³ is 16.8 M voxels, 64 blocks. */
    private static final int SCAN_SIDE = 256;
    private static final int QUICK_SCAN_SIDE = 128;

    private final MacroBenchmarkOptions options;
    private final Path dir;
    private final boolean temporaryDir;
    private final Report report = new Report("PoCADuck macro benchmark");
    private final Verification verification = new Verification();
    private final ReportTable targets;
    private final PhaseTable phases;
    private final MemoryMonitor memory = MemoryMonitor.start();

    private MacroBenchmark(MacroBenchmarkOptions options) {
        this.options = options;
        this.temporaryDir = options.dir().isEmpty();
        this.dir = BenchmarkRun.directory(options.dir(), "pocaduck-bench");
        this.targets = report.table("Targets", "figure", "unit", "measured", "target", "met", "DuckDB alone");
        this.phases = new PhaseTable(report, memory, REPORT_NAME);
    }

    public static void main(String[] args) {
        BenchmarkRun.main(args, MacroBenchmarkOptions.USAGE, MacroBenchmarkOptions::parse,
                options -> new MacroBenchmark(options).run(String.join(" ", args)));
    }

    /** Runs every phase, writes the report even when a phase fails, and returns the process exit code. */
    private int run(String commandLine) {
        report.describeRun(commandLine, dir, temporaryDir).fact("DuckDB", duckDbVersion());
        return BenchmarkRun.measure(report, verification, memory, dir, temporaryDir, REPORT_NAME, this::measure,
                () -> report.fact("process peak RSS (VmHWM) MiB", MemoryMonitor.processPeakRssBytes() / MEBIBYTE));
    }

    private void measure() {
        SyntheticVolume volume = phase("generate " + options.points() + " points",
                () -> SyntheticVolume.generate(options.points(), options.seed()));
        describeWorkload(volume);

        phase("warm-up ingest + consolidate, not counted", this::warmUpIngestion);
        List<IngestRun> runs = new ArrayList<>();
        ReportTable ingest = report.table("Ingest (default IngestorOptions; open + all writes + close)",
                "input", "workers", "seconds", "points/s", "points/s per worker");
        ReportTable consolidation = report.table("Consolidation and bytes on disk",
                "dataset", "consolidate s", "indexed chunks", "part files", "part bytes/point", "worker index MiB",
                "consolidated index MiB", "label index MiB", "index bytes/point", "label index bytes/point");
        for (InputForm form : options.inputs()) {
            PreparedChunks chunks = phase("prepare " + form.description(), () -> PreparedChunks.of(volume, form));
            for (int workers : options.workers()) {
                IngestRun run = ingest(chunks, workers);
                runs.add(run);
                ingest.row(form.description(), workers, run.ingestNanos() / 1e9, run.pointsPerSecond(),
                        run.pointsPerSecond() / workers);
                DiskUsage disk = run.disk();
                consolidation.row(run.name(), run.consolidateNanos() / 1e9, run.summary().chunks(), disk.partFiles(),
                        (double) disk.partBytes() / run.points(), disk.workerIndexBytes() / MEBIBYTE,
                        disk.consolidatedIndexBytes() / MEBIBYTE, disk.labelIndexBytes() / MEBIBYTE,
                        (double) disk.indexBytes() / run.points(), (double) disk.labelIndexBytes() / run.points());
            }
        }
        IngestRun queried = runs.get(runs.size() - 1);
        consolidation.note("Queries below read the dataset of the last row: " + queried.name() + ".");

        StorageConfig config = StorageConfig.local(queried.dataset());
        QueryMeasurements.Headlines reads = phase("queries, ingested layout", () -> QueryMeasurements.run(config,
                "ingested layout", volume, options.scale(), options.seed(), verification, report));

        List<OptimizeRun> optimizeRuns = optimize(queried);
        OptimizeRun optimizedRun = optimizeRuns.get(0);
        QueryMeasurements.Headlines optimizedReads = phase("queries, optimized layout", () -> QueryMeasurements.run(
                StorageConfig.local(optimizedRun.dataset()), "optimized layout (" + optimizedRun.summary().filesWritten()
                        + " files)", volume, options.scale(), options.seed(), verification, report));

        int nearFifty = SizeStratum.labelClosestTo(volume, 50);
        int largest = SizeStratum.largestLabels(volume, 1)[0];
        DuckDbBaseline.Headlines engine = phase("DuckDB alone", () -> DuckDbBaseline.run(volume, dir,
                options.scale().engineCalls(), nearFifty, largest, report));
        fillTargets(runs, queried, reads, engine);
        fillOptimizeTargets(optimizeRuns, optimizedReads);
        phase("scan a dense label volume", () -> {
            ScanMeasurement.run(options.quick() ? QUICK_SCAN_SIDE : SCAN_SIDE, options.seed(), dir, report,
                    verification);
            return null;
        });
    }

    /**
     * Optimizes copies of the queried dataset with each worker count as threads. The target file size is the
     * default, or an eighth of the dataset when that is smaller, so that even a small workload has shards for every
     * thread.
     */
    private List<OptimizeRun> optimize(IngestRun queried) {
        long targetFileBytes = Math.max(4L << 20, Math.min(OptimizerOptions.DEFAULT_TARGET_FILE_BYTES,
                queried.disk().partBytes() / 8));
        ReportTable table = report.table("Optimize (copy of " + queried.name() + ")",
                "threads", "target file MiB", "shards", "files", "plan s", "shards s", "commit s",
                "shard points/s per thread", "plan to commit points/s", "bytes/point after");
        List<OptimizeRun> optimizeRuns = new ArrayList<>();
        for (int threads : options.workers()) {
            Path copy = dir.resolve("optimized-t" + threads);
            OptimizeRun run = phase("optimize, " + threads + (threads == 1 ? " thread" : " threads"),
                    () -> OptimizeRun.of(queried.dataset(), copy, threads, targetFileBytes));
            verification.check(run.summary().pointsWritten() == queried.points(),
                    () -> "optimize with " + threads + " threads wrote " + run.summary().pointsWritten()
                            + " points; expected " + queried.points());
            table.row(threads, targetFileBytes / MEBIBYTE, run.summary().shards(), run.summary().filesWritten(),
                    run.planNanos() / 1e9, run.shardNanos() / 1e9, run.commitNanos() / 1e9,
                    run.shardPointsPerSecond() / threads, run.pointsPerSecond(), run.bytesPerPoint());
            optimizeRuns.add(run);
        }
        table.note("Shards are the workers' part (distributable over processes and machines); commit is the closing"
                + " consolidation, run once. Queries of the optimized layout below read the copy optimized with "
                + optimizeRuns.get(0).threads() + " thread(s).");
        return optimizeRuns;
    }

    private void fillOptimizeTargets(List<OptimizeRun> optimizeRuns, QueryMeasurements.Headlines reads) {
        for (OptimizeRun run : optimizeRuns) {
            double perThread = run.shardPointsPerSecond() / run.threads() / 1e6;
            target("optimize shards, " + run.threads() + (run.threads() == 1 ? " thread" : " threads")
                    + ", per thread", "M points/s", perThread, "≥ 3", perThread >= 3, "");
        }
        target("after optimize: getPoints, ~50-point label, p50", "ms", reads.nearFiftyP50Millis(), "≤ 2",
                reads.nearFiftyP50Millis() <= 2, "");
        double largest = reads.largestPointsPerSecond() / 1e6;
        target("after optimize: getPoints, largest label (size / p50)", "M points/s", largest, "≥ 50",
                largest >= 50, "");
        double bytesPerPoint = optimizeRuns.get(0).bytesPerPoint();
        target("after optimize: files with block ids, int64 x, y, z", "bytes/point", bytesPerPoint, "≤ 3",
                bytesPerPoint <= 3, "");
    }

    /**
     * Ingests, consolidates and optimizes a small separate volume from every input form, then deletes it, so that
     * the first measured run does not pay for compiling what the later ones reuse.
     */
    private Void warmUpIngestion() {
        SyntheticVolume small = SyntheticVolume.generate(WARM_UP_POINTS, options.seed() + 1);
        for (InputForm form : options.inputs()) {
            Path dataset = dir.resolve("warm-up-" + form.name().toLowerCase(Locale.ROOT));
            RecursiveDelete.of(dataset);
            StorageConfig config = StorageConfig.local(dataset);
            VolumeIngestion.run(PreparedChunks.of(small, form), config, 1, IngestorOptions.defaults());
            Ingestor.consolidateIndexes(config);
            Optimizer.optimize(config, OptimizerOptions.defaults().withTargetFileBytes(64 << 10));
            RecursiveDelete.of(dataset);
        }
        return null;
    }

    private IngestRun ingest(PreparedChunks chunks, int workers) {
        InputForm form = chunks.form();
        Path dataset = dir.resolve("dataset-" + form.name().toLowerCase(Locale.ROOT) + "-w" + workers);
        if (Files.exists(dataset)) {
            throw new IllegalStateException(dataset + " already exists; choose an empty --dir");
        }
        StorageConfig config = StorageConfig.local(dataset);
        String name = IngestRun.describe(form, workers);
        long ingestNanos = phase("ingest, " + name,
                () -> VolumeIngestion.run(chunks, config, workers, IngestorOptions.defaults()));
        long[] consolidateNanos = new long[1];
        ConsolidationSummary summary = phase("consolidate, " + name, () -> {
            long start = System.nanoTime();
            ConsolidationSummary result = Ingestor.consolidateIndexes(config);
            consolidateNanos[0] = System.nanoTime() - start;
            return result;
        });
        SyntheticVolume volume = chunks.volume();
        verification.check(summary.points() == volume.pointCount() && summary.labels() == volume.labelCount()
                && summary.skippedLiveWorkers().isEmpty() && summary.workers().size() == workers,
                () -> "consolidateIndexes after " + name + " reported " + summary + "; expected "
                        + volume.pointCount() + " points, " + volume.labelCount() + " labels, " + workers
                        + " workers and none skipped");
        return new IngestRun(form, workers, dataset, volume.pointCount(), ingestNanos, consolidateNanos[0], summary,
                DiskUsage.of(dataset));
    }

    private <T> T phase(String name, Supplier<T> work) {
        return phases.run(name, work).result();
    }

    private void fillTargets(List<IngestRun> runs, IngestRun queried, QueryMeasurements.Headlines reads,
            DuckDbBaseline.Headlines engine) {
        String copy = millions(engine.copyRowsPerSecond()) + " (COPY)";
        for (IngestRun run : runs) {
            if (run.workers() <= 2) {
                int target = run.workers() == 1 ? 3 : 5;
                double measured = run.pointsPerSecond() / 1e6;
                target("ingest, " + run.name(), "M points/s", measured, "≥ " + target, measured >= target, copy);
            }
        }
        target("getPoints, ~50-point label, p50", "ms", reads.nearFiftyP50Millis(), "≤ 2",
                reads.nearFiftyP50Millis() <= 2, millis(engine.smallByLabelP50Millis()) + " (label =), "
                        + millis(engine.smallByRangeP50Millis()) + " (row range)");
        target("getPoints, ~50-point label, p95", "ms", reads.nearFiftyP95Millis(), "≤ 5",
                reads.nearFiftyP95Millis() <= 5, "");
        double largest = reads.largestPointsPerSecond() / 1e6;
        target("getPoints, largest label (size / p50)", "M points/s", largest, "≥ 20", largest >= 20,
                millions(engine.largestByLabelPointsPerSecond()) + " (label =), "
                        + millions(engine.largestByRangePointsPerSecond()) + " (row range)");
        double bytesPerPoint = (double) queried.disk().partBytes() / queried.points();
        target("part files, int64 x, y, z", "bytes/point", bytesPerPoint, "≤ 3", bytesPerPoint <= 3,
                String.format(Locale.ROOT, "%.2f (one file)", engine.fileBytesPerPoint()));
        target("getPointCount p50", "ms", reads.pointCountP50Millis(), "≤ 0.5", reads.pointCountP50Millis() <= 0.5,
                "");
    }

    private void target(String figure, String unit, double measured, String goal, boolean met, String engine) {
        targets.row(figure, unit, measured, goal, met ? "yes" : "NO", engine);
    }

    private void describeWorkload(SyntheticVolume volume) {
        long highLabels = 0;
        int nonEmptyBlocks = 0;
        for (int i = 0; i < volume.labelCount(); i++) {
            highLabels += volume.label(i) < 0 ? 1 : 0;
        }
        for (int b = 0; b < volume.blockCount(); b++) {
            nonEmptyBlocks += volume.firstChunkOf(b + 1) > volume.firstChunkOf(b) ? 1 : 0;
        }
        int largest = SizeStratum.largestLabels(volume, 1)[0];
        ReportTable workload = report.table("Workload", "property", "value");
        workload.row("points", volume.pointCount())
                .row("labels", volume.labelCount())
                .row("labels ≥ 2^63", highLabels)
                .row("blocks (" + SyntheticVolume.BLOCK_EDGE + "³ voxels)", volume.blockCount())
                .row("blocks with points", nonEmptyBlocks)
                .row("chunks (label, block)", volume.chunkCount())
                .row("mean points per chunk", (double) volume.pointCount() / volume.chunkCount())
                .row("largest label", Long.toUnsignedString(volume.label(largest)) + ": "
                        + volume.labelSize(largest) + " points in " + volume.blocksOfLabel(largest).size() + " blocks")
                .row("seed", options.seed());
        SizeStratum.addSizeTable(report, volume.labelCount(), volume::labelSize, volume.pointCount());
    }

    private static String duckDbVersion() {
        try (var connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT version()")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    private static String millions(double perSecond) {
        return Double.isNaN(perSecond) ? "–" : String.format(Locale.ROOT, "%.2f", perSecond / 1e6);
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }
}
