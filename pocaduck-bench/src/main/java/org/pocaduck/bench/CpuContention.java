package org.pocaduck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine's CPU other processes used while a phase ran: on a 2-core machine a concurrent build or
 * test run skews every figure, and this share shows whether one did. Reads Linux's /proc; elsewhere it reports
 * nothing.
 *
 * <p>Machine-wide busy time comes from the first line of /proc/stat, this process's own (every thread, DuckDB's
 * native ones included) from /proc/self/stat; both count in clock ticks.
 */
final class CpuContention {
    /** Linux reports both files in USER_HZ ticks, which is 100 per second on every common configuration. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path MACHINE = Path.of("/proc/stat");
    private static final Path PROCESS = Path.of("/proc/self/stat");

    /** Busy ticks of the whole machine and of this process at one instant; negative ticks where /proc is absent. */
    record Snapshot(long machineTicks, long processTicks, long nanos) {
    }

    private CpuContention() {
    }

    static Snapshot now() {
        return new Snapshot(machineBusyTicks(), processTicks(), System.nanoTime());
    }

    /** Percent of all cores' time between the snapshots spent by other processes; NaN if unknown. */
    static double otherProcessesPercent(Snapshot from, Snapshot to) {
        if (from.machineTicks() < 0 || from.processTicks() < 0 || to.nanos() == from.nanos()) {
            return Double.NaN;
        }
        long others = (to.machineTicks() - from.machineTicks()) - (to.processTicks() - from.processTicks());
        double available = (to.nanos() - from.nanos()) / 1e9 * TICKS_PER_SECOND
                * Runtime.getRuntime().availableProcessors();
        return Math.max(0, 100.0 * others / available);
    }

    /** user + nice + system + irq + softirq + steal: everything but idle and waiting for I/O. */
    private static long machineBusyTicks() {
        try {
            String[] fields = Files.readAllLines(MACHINE).get(0).trim().split("\\s+");
            long busy = 0;
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[field]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime, the 14th and 15th fields; the command name before them may hold spaces, so skip past it. */
    private static long processTicks() {
        try {
            String stat = Files.readString(PROCESS);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
