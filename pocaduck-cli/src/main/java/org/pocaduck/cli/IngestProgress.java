package org.pocaduck.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Counts what an ingest has read and sums it up at the end. On a terminal it shows a progress bar of points read;
 * otherwise (a pipeline, a job log) it writes a plain line every few seconds, which a log file can hold.
 */
final class IngestProgress implements AutoCloseable {

    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter log;
    private final long start = System.nanoTime();
    private final Set<Long> labels = new HashSet<>();
    private final Set<String> blocks = new HashSet<>();
    private long points;
    private int files;
    private long lastLog = start;

    private final ProgressBar bar;

    /** Plain log lines to {@code log}. */
    IngestProgress(PrintWriter log) {
        this.log = log;
        this.bar = null;
    }

    /** A progress bar on {@code terminal}; the total is unknown until the inputs are read, so the bar counts up. */
    IngestProgress(PrintWriter log, PrintStream terminal) {
        this.log = log;
        this.bar = new ProgressBarBuilder().setTaskName("ingest").setInitialMax(-1).setUnit(" points", 1)
                .setConsumer(new ConsoleProgressBarConsumer(terminal)).showSpeed().build();
    }

    void chunkRead(PointChunk chunk) {
        points += chunk.size();
        labels.add(chunk.label());
        blocks.add(chunk.blockId());
        if (bar != null) {
            bar.stepBy(chunk.size());
            bar.setExtraMessage(labels.size() + " labels, " + blocks.size() + " blocks");
            return;
        }
        long now = System.nanoTime();
        if (now - lastLog >= LOG_INTERVAL_NANOS) {
            lastLog = now;
            log.println("ingest: " + counts() + " so far");
            log.flush();
        }
    }

    void fileRead() {
        files++;
    }

    String summary() {
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "ingested %s in %.1f s (%.0f points/s)", counts(), seconds,
                points / Math.max(seconds, 1e-9));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    private String counts() {
        return points + " points, " + labels.size() + " labels, " + blocks.size() + " blocks from " + files
                + (files == 1 ? " file" : " files");
    }
}
