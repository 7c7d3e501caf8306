package org.pocaduck.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.pocaduck.BlockScanner;

/**
 * Counts what a scan has done and sums it up at the end. On a terminal it shows a progress bar of blocks scanned;
 * otherwise (a pipeline, a job log) a plain line every few seconds. Blocks finish on the worker threads, so every
 * method is synchronized.
 */
final class ScanProgress implements AutoCloseable {

    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter log;
    private final long totalBlocks;
    private final long start = System.nanoTime();
    private final ProgressBar bar;
    private long blocks;
    private long voxels;
    private long points;
    private long chunks;
    private long lastLog = start;

    /** Plain log lines to {@code log}. */
    ScanProgress(PrintWriter log, long totalBlocks) {
        this.log = log;
        this.totalBlocks = totalBlocks;
        this.bar = null;
    }

    /** A progress bar of {@code totalBlocks} blocks on {@code terminal}. */
    ScanProgress(PrintWriter log, long totalBlocks, PrintStream terminal) {
        this.log = log;
        this.totalBlocks = totalBlocks;
        this.bar = new ProgressBarBuilder().setTaskName("scan").setInitialMax(totalBlocks).setUnit(" blocks", 1)
                .setConsumer(new ConsoleProgressBarConsumer(terminal)).showSpeed().build();
    }

    synchronized void blockScanned(BlockScanner.Summary summary) {
        blocks++;
        voxels += summary.voxels();
        points += summary.points();
        chunks += summary.labels();
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(points + " points");
            return;
        }
        long now = System.nanoTime();
        if (now - lastLog >= LOG_INTERVAL_NANOS) {
            lastLog = now;
            log.println("scan: " + blocks + " of " + totalBlocks + " blocks, " + points + " points so far");
            log.flush();
        }
    }

    synchronized String summary() {
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
        return String.format(Locale.ROOT, "scanned %d voxels in %d blocks into %d points of %d label chunks"
                + " in %.1f s (%.0f voxels/s, %.0f points/s)", voxels, blocks, points, chunks, seconds,
                voxels / seconds, points / seconds);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
