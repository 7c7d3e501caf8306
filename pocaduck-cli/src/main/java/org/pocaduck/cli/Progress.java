package org.pocaduck.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of a long command: a progress bar when stderr is a terminal, otherwise (a pipeline, a job log) a plain
 * line every few seconds, which a log file can hold. Safe to advance from several threads.
 */
final class Progress implements AutoCloseable {
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final String task;
    private final String unit;
    private long total;
    private final PrintWriter log;
    private final ProgressBar bar;
    private long done;
    private final long started = System.nanoTime();
    private long lastLog = started;

    private Progress(String task, String unit, long total, PrintWriter log, ProgressBar bar) {
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.log = log;
        this.bar = bar;
    }

    /**
     * Progress of {@code task}, counted in {@code unit}s out of {@code total} (-1 when unknown): a bar on the
     * terminal when there is one, lines on {@code log} otherwise.
     */
    static Progress start(String task, String unit, long total, PrintWriter log) {
        if (System.console() == null) {
            return new Progress(task, unit, total, log, null);
        }
        return onTerminal(task, unit, total, log, System.err);
    }

    static Progress onTerminal(String task, String unit, long total, PrintWriter log, PrintStream terminal) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setConsumer(new ConsoleProgressBarConsumer(terminal)).showSpeed().build();
        return new Progress(task, unit, total, log, bar);
    }

    /** Sets the total once it is known. */
    synchronized void total(long newTotal) {
        total = newTotal;
        if (bar != null) {
            bar.maxHint(newTotal);
        }
    }

    /** Advances by {@code amount}; the plain form's lines show the rate and, with a total, the time left. */
    synchronized void step(long amount, String detail) {
        done += amount;
        if (bar != null) {
            bar.stepBy(amount);
            if (detail != null) {
                bar.setExtraMessage(detail);
            }
            return;
        }
        long now = System.nanoTime();
        if (now - lastLog >= LOG_INTERVAL_NANOS) {
            lastLog = now;
            double rate = done / Math.max((now - started) / 1e9, 1e-9);
            String eta = total > done && rate > 0
                    ? String.format(Locale.ROOT, ", about %.0f s left", (total - done) / rate) : "";
            log.println(task + ": " + done + (total >= 0 ? " of " + total : "") + " " + unit
                    + (detail == null ? "" : ", " + detail) + " so far"
                    + String.format(Locale.ROOT, " (%.0f %s/s%s)", rate, unit, eta));
            log.flush();
        }
    }

    void step(long amount) {
        step(amount, null);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
