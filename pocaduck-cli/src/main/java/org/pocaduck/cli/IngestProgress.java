package org.pocaduck.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Counts what an ingest has read, shows it as {@link Progress} of points (the total is unknown until the inputs are
 * read, so it counts up), and sums it up at the end.
 */
final class IngestProgress implements AutoCloseable {
    private final long start = System.nanoTime();
    private final Set<Long> labels = new HashSet<>();
    private final Set<String> blocks = new HashSet<>();
    private final Progress progress;
    private long points;
    private int files;

    /** A bar on the terminal if there is one, plain lines on {@code log} otherwise. */
    IngestProgress(PrintWriter log) {
        this.progress = Progress.start("ingest", "points", -1, log);
    }

    /** A bar on {@code terminal}. */
    IngestProgress(PrintWriter log, PrintStream terminal) {
        this.progress = Progress.onTerminal("ingest", "points", -1, log, terminal);
    }

    void chunkRead(PointChunk chunk) {
        points += chunk.size();
        labels.add(chunk.label());
        blocks.add(chunk.blockId());
        progress.step(chunk.size(), labels.size() + " labels, " + blocks.size() + " blocks");
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
        progress.close();
    }

    private String counts() {
        return points + " points, " + labels.size() + " labels, " + blocks.size() + " blocks from " + files
                + (files == 1 ? " file" : " files");
    }
}
