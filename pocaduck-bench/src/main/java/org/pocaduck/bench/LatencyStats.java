package org.pocaduck.bench;

import java.util.Arrays;

/**
 * Summary of measured call durations.
 *
 * @param calls      how many calls were measured
 * @param p50Millis  median, in milliseconds (nearest rank)
 * @param p95Millis  95th percentile, in milliseconds (nearest rank)
 * @param maxMillis  slowest call, in milliseconds
 * @param totalNanos sum of all call durations
 */
public record LatencyStats(int calls, double p50Millis, double p95Millis, double maxMillis, long totalNanos) {
    /** Summarises durations in nanoseconds; needs at least one. */
    public static LatencyStats of(long[] nanos, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("no durations to summarise");
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        long total = 0;
        for (long value : sorted) {
            total += value;
        }
        return new LatencyStats(count, millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.95)),
                millis(sorted[count - 1]), total);
    }

    private static long percentile(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Items per second over all calls, given how many items (points, labels) the calls returned in all. */
    public double perSecond(long items) {
        return totalNanos == 0 ? Double.NaN : items * 1e9 / totalNanos;
    }
}
