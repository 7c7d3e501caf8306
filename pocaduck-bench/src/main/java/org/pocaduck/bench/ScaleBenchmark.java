package org.pocaduck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.OptimizationSummary;
import org.pocaduck.Optimizer;
import org.pocaduck.StorageConfig;

/**
 * The proof at scale: a {@link ScaleVolume} of up to billions of points, generated as it is written, ingested by 2
 * workers, consolidated; one more worker with 1% more points, consolidated again (what an incremental consolidation
 * costs next to the full one); optimized; read before and after optimize with every sampled answer checked; then a
 * smaller volume in s3proxy with requests and bytes counted on the wire. Each phase reports wall time, peak RSS and
 * the process's I/O. Prints a Markdown report and writes it, with a JSON twin, into the benchmark directory. Exits
 * with 1 if any answer was wrong or a phase failed.
 *
 * <p>Run with {@code --help} for the options; see docs/PERFORMANCE.md.
 */
public final class ScaleBenchmark {
    private static final double MEBIBYTE = 1 << 20;
    private static final double GIBIBYTE = 1 << 30;
    private static final String REPORT_NAME = "scale-benchmark";
    private static final double RSS_GOAL_GIB = 4;
    private static final double INCREMENTAL_GOAL_PERCENT = 5;
    /** Index bytes per point that a reader or a later consolidation may need at most. */
    private static final double NEEDED_INDEX_GOAL = 0.25;
    private static final long OPEN_GOAL_BYTES = 1_000_000;
    private static final int OPEN_GOAL_REQUESTS = 3;
    private static final int COLD_GOAL_REQUESTS = 3;
    private static final long COLD_GOAL_BYTES = 64 << 10;

    private final ScaleBenchmarkOptions options;
    private final Path dir;
    private final boolean temporaryDir;
    private final Report report = new Report("PoCADuck scale benchmark");
    private final Verification verification = new Verification();
    private final MemoryMonitor memory = MemoryMonitor.start();
    private final PhaseTable phases;
    private final ReportTable targets;

    private ScaleBenchmark(ScaleBenchmarkOptions options) {
        this.options = options;
        this.temporaryDir = options.dir().isEmpty();
        this.dir = BenchmarkRun.directory(options.dir(), "pocaduck-scale");
        this.targets = report.table("Targets", "figure", "unit", "measured", "target", "met");
        this.phases = new PhaseTable(report, memory, REPORT_NAME);
    }

    public static void main(String[] args) {
        BenchmarkRun.main(args, ScaleBenchmarkOptions.USAGE, ScaleBenchmarkOptions::parse,
                options -> new ScaleBenchmark(options).run(String.join(" ", args)));
    }

    /** Runs every phase, writes the report even when a phase fails, and returns the process exit code. */
    private int run(String commandLine) {
        report.describeRun(commandLine, dir, temporaryDir);
        return BenchmarkRun.measure(report, verification, memory, dir, temporaryDir, REPORT_NAME, () -> {
            measureOnDisk();
            if (!options.skipS3()) {
                measureInObjectStore();
            }
        }, () -> {
            double peakRssGib = MemoryMonitor.processPeakRssBytes() / GIBIBYTE;
            target("process peak RSS (VmHWM), whole run", "GiB", peakRssGib, "≤ " + RSS_GOAL_GIB,
                    peakRssGib <= RSS_GOAL_GIB);
        });
    }

    private void measureOnDisk() {
        ScaleVolume volume = phase("generate " + options.points() + " points (tables and checksums)",
                () -> ScaleVolume.generate(options.points(), options.seed())).result();
        describeWorkload(volume);
        Path dataset = dir.resolve("dataset");
        if (Files.exists(dataset)) {
            throw new IllegalStateException(dataset + " already exists; choose an empty --dir");
        }
        StorageConfig config = StorageConfig.local(dataset);
        ReportTable writes = report.table("Writes (local disk)", "step", "points", "seconds", "points/s",
                "bytes moved MiB", "bytes written to storage MiB");

        PhaseTable.Measured<Long> ingest = phase("ingest the main cube, 2 workers", () -> VolumeIngestion.run(
                volume.mainScan(), config, 2, "worker-", IngestorOptions.defaults()));
        writeRow(writes, "ingest, 2 workers", volume.mainPoints(), ingest);
        PhaseTable.Measured<ConsolidationSummary> full = phase("consolidate (full)",
                () -> Ingestor.consolidateIndexes(config));
        checkConsolidation("full consolidation", full.result(), volume.mainPoints(), volume.mainLabelCount(), 2);
        writeRow(writes, "consolidate, full", volume.mainPoints(), full);

        PhaseTable.Measured<Long> more = phase("ingest the extension, 1 more worker", () -> VolumeIngestion.run(
                volume.extensionScan(), config, 1, "extension-worker-", IngestorOptions.defaults()));
        writeRow(writes, "ingest the extension, 1 worker", volume.extensionPoints(), more);
        PhaseTable.Measured<ConsolidationSummary> again = phase("consolidate again (1 new worker)",
                () -> Ingestor.consolidateIndexes(config));
        ConsolidationSummary next = again.result();
        boolean incremental = next.baseGeneration() != 0;
        if (incremental) {
            checkConsolidation("incremental consolidation", next, volume.extensionPoints(),
                    volume.extensionLabelCount(), 1);
        } else {
            checkConsolidation("consolidation after the extension", next, volume.totalPoints(), volume.labelCount(),
                    3);
        }
        writeRow(writes, "consolidate again, 1 new worker (" + (incremental ? "incremental, on generation "
                + next.baseGeneration() : "full") + ")", volume.extensionPoints(), again);
        double timePercent = 100 * again.seconds() / full.seconds();
        double bytesPercent = 100.0 * again.io().bytesMoved() / full.io().bytesMoved();
        target("consolidation after 1 more worker with 1% of the points, time vs the full one", "%", timePercent,
                "≤ " + INCREMENTAL_GOAL_PERCENT, timePercent <= INCREMENTAL_GOAL_PERCENT);
        target("consolidation after 1 more worker with 1% of the points, bytes moved vs the full one", "%",
                bytesPercent, "≤ " + INCREMENTAL_GOAL_PERCENT, bytesPercent <= INCREMENTAL_GOAL_PERCENT);
        writes.note("Bytes moved: the process's read and write calls (rchar + wchar of /proc/self/io) during the"
                + " step; written to storage: its write_bytes.");

        DiskUsage ingested = DiskUsage.of(dataset);
        ReportTable disk = report.table("Bytes on disk (local)", "layout", "part files", "part bytes/point",
                "label index MiB", "index bytes/point", "label index bytes/point",
                "index a reader or consolidation needs, bytes/point", "all files GiB", "all files bytes/point");
        diskRow(disk, "ingested, consolidated twice", ingested, volume.totalPoints());
        neededIndexTarget("ingested", ingested, volume.totalPoints());

        ScaleQueries.Headlines before = phase("reads, ingested layout", () -> ScaleQueries.run(config,
                "ingested layout", volume, options.reads(), options.seed(), verification, report)).result();
        spatialTargets("ingested", phase("spatial reads, ingested layout", () -> ScaleSpatial.run(config,
                "ingested layout", volume, options.seed(), verification, report)).result());
        PhaseTable.Measured<OptimizationSummary> optimize = phase("optimize (default options)",
                () -> Optimizer.optimize(config));
        verification.check(optimize.result().pointsWritten() == volume.totalPoints(), () -> "optimize wrote "
                + optimize.result().pointsWritten() + " points; expected " + volume.totalPoints());
        writeRow(writes, "optimize, default options", volume.totalPoints(), optimize);
        DiskUsage optimized = DiskUsage.of(dataset);
        diskRow(disk, "optimized (" + optimize.result().filesWritten() + " files; replaced files still on disk)",
                optimized, volume.totalPoints());
        neededIndexTarget("optimized", optimized, volume.totalPoints());
        disk.note("Index bytes: the workers' and the consolidated DuckDB indexes and the label indexes of every"
                + " generation on disk. What a reader or a later consolidation needs: the label indexes and lists of"
                + " part files of the current generation's segments (a reader reads only the label index). Part bytes"
                + " count the ingested part files.");
        ScaleQueries.Headlines after = phase("reads, optimized layout", () -> ScaleQueries.run(config,
                "optimized layout", volume, options.reads(), options.seed() + 1, verification, report)).result();
        spatialTargets("optimized", phase("spatial reads, optimized layout", () -> ScaleSpatial.run(config,
                "optimized layout", volume, options.seed() + 1, verification, report)).result());
        for (var reads : List.of(before, after)) {
            String layout = reads == before ? "ingested" : "optimized";
            target("getPoints, ~50-point label, p50, " + layout, "ms", reads.nearFiftyP50Millis(), "≤ 2",
                    reads.nearFiftyP50Millis() <= 2);
            target("getPoints, ~50-point label, p95, " + layout, "ms", reads.nearFiftyP95Millis(), "≤ 5",
                    reads.nearFiftyP95Millis() <= 5);
        }
    }

    private void spatialTargets(String layout, ScaleSpatial.Headlines spatial) {
        target("getPoints(largest label, box of 1% of its extent), bytes read vs the whole label, " + layout, "%",
                spatial.bytesPercent(), "≤ 5", spatial.bytesPercent() <= 5);
        target("getPoints(largest label, box of 1% of its extent), speed-up over getPoints and a filter, " + layout,
                "×", spatial.speedup(), "≥ 10", spatial.speedup() >= 10);
        target("getLabels(256³ box), warm, slowest call, " + layout, "ms", spatial.regionMaxMillis(), "≤ 50",
                spatial.regionMaxMillis() <= 50);
    }

    private void measureInObjectStore() {
        ScaleVolume volume = phase("S3: generate " + options.s3Points() + " points",
                () -> ScaleVolume.generate(options.s3Points(), options.seed() + 1)).result();
        report.fact("S3 volume", volume.totalPoints() + " points (" + volume.mainPoints() + " + the extension's "
                + volume.extensionPoints() + "), " + volume.labelCount() + " labels");
        for (ScaleObjectStore.Wire wire : ScaleObjectStore.run(volume, dir, options.reads(), options.seed(),
                phases, verification, report)) {
            String layout = ", S3, " + wire.layout();
            target("Query.open requests" + layout, "requests", wire.openRequests(), "≤ " + OPEN_GOAL_REQUESTS,
                    wire.openRequests() <= OPEN_GOAL_REQUESTS);
            target("Query.open bytes" + layout, "bytes", wire.openBytes(), "≤ " + OPEN_GOAL_BYTES,
                    wire.openBytes() <= OPEN_GOAL_BYTES);
            target("cold getPoints, ~50-point label, most requests" + layout, "requests", wire.coldMaxRequests(),
                    "≤ " + COLD_GOAL_REQUESTS, wire.coldMaxRequests() <= COLD_GOAL_REQUESTS);
            target("cold getPoints, ~50-point label, most bytes" + layout, "bytes", wire.coldMaxBytes(),
                    "≤ " + COLD_GOAL_BYTES, wire.coldMaxBytes() <= COLD_GOAL_BYTES);
            target("warm getPoints, ~50-point label, reads over 1 request per block" + layout, "reads",
                    wire.warmOverBlocks(), "0", wire.warmOverBlocks() == 0);
        }
    }

    private static void writeRow(ReportTable writes, String step, long points, PhaseTable.Measured<?> phase) {
        writes.row(step, points, phase.seconds(), points / phase.seconds(), phase.io().bytesMoved() / MEBIBYTE,
                phase.io().storageWritten() / MEBIBYTE);
    }

    /** Checks the counts of the segment the consolidation wrote: everything, or what came after its base. */
    private void checkConsolidation(String step, ConsolidationSummary summary, long points, long labels,
            int workers) {
        verification.check(summary.published() && summary.points() == points && summary.labels() == labels
                && summary.workers().size() == workers && summary.skippedLiveWorkers().isEmpty(),
                () -> step + " reported " + summary + "; expected " + points + " points, " + labels + " labels and "
                        + workers + " workers, none skipped");
    }

    private static void diskRow(ReportTable table, String layout, DiskUsage disk, long points) {
        table.row(layout, disk.partFiles(), (double) disk.partBytes() / points, disk.labelIndexBytes() / MEBIBYTE,
                (double) disk.indexBytes() / points, (double) disk.labelIndexBytes() / points,
                (double) disk.neededIndexBytes() / points, disk.totalBytes() / GIBIBYTE,
                (double) disk.totalBytes() / points);
    }

    private void neededIndexTarget(String layout, DiskUsage disk, long points) {
        double perPoint = (double) disk.neededIndexBytes() / points;
        target("index files a reader or a later consolidation needs, " + layout, "bytes/point", perPoint,
                "≤ " + NEEDED_INDEX_GOAL, perPoint <= NEEDED_INDEX_GOAL);
    }

    private <T> PhaseTable.Measured<T> phase(String name, Supplier<T> work) {
        return phases.run(name, work);
    }

    private void target(String figure, String unit, double measured, String goal, boolean met) {
        targets.row(figure, unit, measured, goal, met ? "yes" : "NO");
    }

    private void describeWorkload(ScaleVolume volume) {
        long highLabels = 0;
        for (int i = 0; i < volume.labelCount(); i++) {
            highLabels += volume.label(i) < 0 ? 1 : 0;
        }
        int largest = volume.largestLabel();
        ReportTable workload = report.table("Workload", "property", "value");
        workload.row("points in the main cube", volume.mainPoints())
                .row("points in the extension (the later worker)", volume.extensionPoints())
                .row("labels", volume.labelCount())
                .row("labels of the main cube", volume.mainLabelCount())
                .row("labels ≥ 2^63", highLabels)
                .row("blocks (" + ScaleVolume.BLOCK_EDGE + "³ voxels) in the main cube", volume.mainBlockCount())
                .row("blocks in the extension", volume.extensionBlockCount())
                .row("chunks (label, block)", volume.chunkCount())
                .row("largest label", Long.toUnsignedString(volume.label(largest)) + ": "
                        + volume.labelSize(largest) + " points in "
                        + volume.blocksOf(new int[] {largest}).get(0).size() + " blocks")
                .row("generator tables MiB", volume.tableBytes() / MEBIBYTE)
                .row("seed", options.seed());
        SizeStratum.addSizeTable(report, volume.labelCount(), volume::labelSize, volume.totalPoints());
    }
}
