package org.pocaduck.bench;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs a benchmark's phases one after another and records each in a report table: wall time, heap at its start and
 * peak heap, peak RSS, the process's I/O ({@link ProcessIo}) and how much CPU other processes took meanwhile.
 */
final class PhaseTable {
    private static final double MEBIBYTE = 1 << 20;

    private final ReportTable table;
    private final MemoryMonitor memory;
    private final String logPrefix;

    /** What one phase returned and cost. */
    record Measured<T>(T result, double seconds, ProcessIo io, long peakRssBytes) {
    }

    PhaseTable(Report report, MemoryMonitor memory, String logPrefix) {
        this.table = report.table("Phases: wall time, memory and I/O",
                "phase", "seconds", "heap at start MiB", "peak heap MiB", "peak RSS MiB", "read calls MiB",
                "write calls MiB", "storage read MiB", "storage written MiB", "other processes' CPU %");
        this.table.note("Read/write calls are /proc/self/io's rchar and wchar (page cache hits included; the memory"
                + " sampler's own reads of /proc add about 0.15 MiB/s), storage read/written its read_bytes and"
                + " write_bytes.");
        this.memory = memory;
        this.logPrefix = logPrefix;
    }

    /** Runs one phase, logging its progress to stderr, and records it. */
    <T> Measured<T> run(String name, Supplier<T> work) {
        System.err.println("[" + logPrefix + "] " + name + " ...");
        long heapAtStart = memory.startPhase();
        CpuContention.Snapshot start = CpuContention.now();
        ProcessIo ioAtStart = ProcessIo.now();
        T result = work.get();
        ProcessIo io = ProcessIo.now().since(ioAtStart);
        CpuContention.Snapshot end = CpuContention.now();
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        MemoryMonitor.Peaks peaks = memory.endPhase(heapAtStart);
        table.row(name, seconds, peaks.heapAtStartBytes() / MEBIBYTE, peaks.peakHeapBytes() / MEBIBYTE,
                peaks.peakRssBytes() / MEBIBYTE, io.readCalls() / MEBIBYTE, io.writeCalls() / MEBIBYTE,
                io.storageRead() / MEBIBYTE, io.storageWritten() / MEBIBYTE,
                CpuContention.otherProcessesPercent(start, end));
        System.err.printf(Locale.ROOT, "[%s] %s: %.2f s, peak RSS %.0f MiB%n", logPrefix, name, seconds,
                peaks.peakRssBytes() / MEBIBYTE);
        return new Measured<>(result, seconds, io, peaks.peakRssBytes());
    }
}
