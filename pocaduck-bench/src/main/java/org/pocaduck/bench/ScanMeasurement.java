package org.pocaduck.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.pocaduck.BlockScanner;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.StorageConfig;

/**
 * The macro benchmark's scan phase: one thread turns a dense synthetic segmentation into points block by block, once
 * into a sink that only counts them and once through an Ingestor into a fresh dataset. The share of the scan in the
 * second time shows whether the scanner could ever be what holds a blockwise scan back.
 */
final class ScanMeasurement {
    private static final int BLOCK = 64;
    private static final int TUBES_PER_BLOCK = 5;
    private static final int WARM_UP_PASSES = 3;
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final int MEASURED_PASSES = 3;

    private ScanMeasurement() {
    }

    static void run(int side, long seed, Path dir, Report report, Verification verification) {
        List<HaloBlock> blocks = HaloBlock.cut(DenseLabelVolume.generate(side, TUBES_PER_BLOCK * cube(side / BLOCK),
                seed), BLOCK);
        ReportTable table = report.table("Scan a dense " + side + "³ label volume, " + BLOCK
                        + "³ blocks with halos, 1 thread",
                "voxels", "points", "scan s", "scan M voxels/s", "scan M points/s", "scan + ingest s",
                "scan + ingest M points/s", "scan's share %");
        for (BlockScanner scanner : List.of(BlockScanner.allVoxels(), BlockScanner.surfaceVoxels())) {
            String name = scanner.surfaceOnly() ? "surface" : "all";
            warmUp(blocks, scanner);
            long[] passes = new long[MEASURED_PASSES];
            long points = scanOnly(blocks, scanner);
            for (int pass = 0; pass < passes.length; pass++) {
                long start = System.nanoTime();
                scanOnly(blocks, scanner);
                passes[pass] = System.nanoTime() - start;
            }
            Arrays.sort(passes);
            long scanNanos = passes[passes.length / 2];

            StorageConfig config = StorageConfig.local(dir.resolve("scan-" + name));
            long start = System.nanoTime();
            try (Ingestor ingestor = Ingestor.open(config, "worker-1")) {
                for (HaloBlock block : blocks) {
                    block.scan(scanner, ingestor);
                }
            }
            long ingestNanos = System.nanoTime() - start;
            ConsolidationSummary summary = Ingestor.consolidateIndexes(config);
            verification.check(summary.points() == points, () -> "scanning " + name + " voxels into a dataset wrote "
                    + summary.points() + " points; scanning alone found " + points);
            RecursiveDelete.of(config.base());

            long voxels = (long) side * side * side;
            table.row(name, points, scanNanos / 1e9, voxels / (scanNanos / 1e3), points / (scanNanos / 1e3),
                    ingestNanos / 1e9, points / (ingestNanos / 1e3), 100.0 * scanNanos / ingestNanos);
        }
        table.note("\"scan\" is the median of " + MEASURED_PASSES + " passes after at least " + WARM_UP_PASSES
                + " untimed ones lasting " + WARM_UP_NANOS / 1_000_000_000 + " s or more (JIT compilation); \"scan +"
                + " ingest\" is one pass, from opening the Ingestor to closing (flushing) it.");
    }

    /** Scans until the JIT has had time to compile the scanner's loops. */
    private static void warmUp(List<HaloBlock> blocks, BlockScanner scanner) {
        long start = System.nanoTime();
        for (int pass = 0; pass < WARM_UP_PASSES || System.nanoTime() - start < WARM_UP_NANOS; pass++) {
            scanOnly(blocks, scanner);
        }
    }

    private static long scanOnly(List<HaloBlock> blocks, BlockScanner scanner) {
        long points = 0;
        for (HaloBlock block : blocks) {
            points += block.scan(scanner, (label, cloud) -> { }).points();
        }
        return points;
    }

    private static int cube(int value) {
        return value * value * value;
    }
}
