package org.pocaduck.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.pocaduck.BlockScanner;

/**
 * Counts what a scan has done, shows it as {@link Progress} of blocks, and sums it up at the end. Blocks finish on
 * the worker threads, so the counting is synchronized.
 */
final class ScanProgress implements AutoCloseable {
    private final long start = System.nanoTime();
    private final Progress progress;
    private long blocks;
    private long voxels;
    private long points;
    private long chunks;

    /** A bar on the terminal if there is one, plain lines on {@code log} otherwise. */
    ScanProgress(PrintWriter log, long totalBlocks) {
        this.progress = Progress.start("scan", "blocks", totalBlocks, log);
    }

    void blockScanned(BlockScanner.Summary summary) {
        long pointsSoFar;
        synchronized (this) {
            blocks++;
            voxels += summary.voxels();
            points += summary.points();
            chunks += summary.labels();
            pointsSoFar = points;
        }
        progress.step(1, pointsSoFar + " points");
    }

    synchronized String summary() {
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
        return String.format(Locale.ROOT, "scanned %d voxels in %d blocks into %d points of %d label chunks"
                + " in %.1f s (%.0f voxels/s, %.0f points/s)", voxels, blocks, points, chunks, seconds,
                voxels / seconds, points / seconds);
    }

    @Override
    public void close() {
        progress.close();
    }
}
