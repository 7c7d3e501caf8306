package org.pocaduck.bench;

import java.nio.file.Path;
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
            scanOnly(blocks, scanner);
            long start = System.nanoTime();
            long points = scanOnly(blocks, scanner);
            long scanNanos = System.nanoTime() - start;

            StorageConfig config = StorageConfig.local(dir.resolve("scan-" + name));
            start = System.nanoTime();
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
        table.note("The first pass of each kind is untimed (JIT warm-up). \"scan + ingest\" includes opening and"
                + " closing (flushing) the Ingestor.");
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
