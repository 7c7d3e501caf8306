package org.pocaduck.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Counts what an ingest has read, logs it every few seconds to stderr, and sums it up at the end. */
final class IngestProgress {

    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter log;
    private final long start = System.nanoTime();
    private final Set<Long> labels = new HashSet<>();
    private final Set<String> blocks = new HashSet<>();
    private long points;
    private int files;
    private long lastLog = start;

    IngestProgress(PrintWriter log) {
        this.log = log;
    }

    void chunkRead(PointChunk chunk) {
        points += chunk.size();
        labels.add(chunk.label());
        blocks.add(chunk.blockId());
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

    private String counts() {
        return points + " points, " + labels.size() + " labels, " + blocks.size() + " blocks from " + files
                + (files == 1 ? " file" : " files");
    }
}
