package org.pocaduck.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Counts the points an ingest has read and shows them as {@link Progress} against the inputs' row count (exact for
 * Parquet and NumPy, estimated from a sample for CSV), with the rate and the time left; sums up at the end. It keeps
 * no per-label state, so its memory does not grow with the input.
 */
final class IngestProgress implements AutoCloseable {
    private final long start = System.nanoTime();
    private final Progress progress;
    private long points;
    private int files;

    /** A bar on the terminal if there is one, plain lines on {@code log} otherwise. */
    IngestProgress(PrintWriter log, long totalRows) {
        this.progress = Progress.start("ingest", "points", totalRows, log);
    }

    /** A bar on {@code terminal}. */
    IngestProgress(PrintWriter log, PrintStream terminal, long totalRows) {
        this.progress = Progress.onTerminal("ingest", "points", totalRows, log, terminal);
    }

    void rowsRead(int rows) {
        points += rows;
        progress.step(rows);
    }

    void fileRead() {
        files++;
    }

    String summary() {
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "ingested %d points from %d %s in %.1f s (%.0f points/s)", points, files,
                files == 1 ? "file" : "files", seconds, points / Math.max(seconds, 1e-9));
    }

    @Override
    public void close() {
        progress.close();
    }
}
