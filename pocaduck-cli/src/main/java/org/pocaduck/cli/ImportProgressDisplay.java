package org.pocaduck.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.pocaduck.ImportOptions;

/**
 * Shows an import's progress: a bar of points on a terminal; otherwise (a pipeline, a job log) a plain line every few
 * seconds, which a log file can hold.
 */
final class ImportProgressDisplay implements ImportOptions.Progress, AutoCloseable {

    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter log;
    private final PrintStream terminal;
    private ProgressBar bar;
    private long lastLog = System.nanoTime();

    /** Plain log lines to {@code log}. */
    ImportProgressDisplay(PrintWriter log) {
        this(log, null);
    }

    /** A progress bar on {@code terminal}, created at the first update, when the total is known. */
    ImportProgressDisplay(PrintWriter log, PrintStream terminal) {
        this.log = log;
        this.terminal = terminal;
    }

    @Override
    public void update(long pointsDone, long pointsTotal) {
        if (terminal != null) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("import").setInitialMax(pointsTotal)
                        .setUnit(" points", 1).setConsumer(new ConsoleProgressBarConsumer(terminal)).showSpeed()
                        .build();
            }
            bar.stepTo(pointsDone);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLog >= LOG_INTERVAL_NANOS) {
            lastLog = now;
            log.println("import: " + pointsDone + " of " + pointsTotal + " points");
            log.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
