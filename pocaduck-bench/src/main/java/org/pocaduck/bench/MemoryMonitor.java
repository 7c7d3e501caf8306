package org.pocaduck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the JVM's used heap and the process's resident set size on a background thread, so that each phase of
 * a benchmark can report its peak. RSS includes what DuckDB and Arrow allocate outside the Java heap.
 */
final class MemoryMonitor implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 10;
    private static final Path PROCESS_STATUS = Path.of("/proc/self/status");

    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong peakRss = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private MemoryMonitor() {
        sampler = new Thread(this::sampleUntilClosed, "memory-monitor");
        sampler.setDaemon(true);
    }

    static MemoryMonitor start() {
        MemoryMonitor monitor = new MemoryMonitor();
        monitor.sampler.start();
        return monitor;
    }

    /**
     * Peak heap and RSS in bytes during one phase.
     *
     * @param heapAtStartBytes used heap after a garbage collection at the phase's start: what earlier phases keep
     */
    record Peaks(long heapAtStartBytes, long peakHeapBytes, long peakRssBytes) {
    }

    /** Collects garbage, then starts a new phase: peaks are counted from here. */
    long startPhase() {
        System.gc();
        long heap = usedHeap();
        peakHeap.set(heap);
        peakRss.set(statusBytes("VmRSS:"));
        return heap;
    }

    Peaks endPhase(long heapAtStart) {
        sample();
        return new Peaks(heapAtStart, peakHeap.get(), peakRss.get());
    }

    /** The process's peak resident set size since it started (VmHWM), or -1 where /proc is not available. */
    static long processPeakRssBytes() {
        return statusBytes("VmHWM:");
    }

    private void sampleUntilClosed() {
        while (running) {
            sample();
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        peakHeap.accumulateAndGet(usedHeap(), Math::max);
        peakRss.accumulateAndGet(statusBytes("VmRSS:"), Math::max);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long statusBytes(String field) {
        try {
            for (String line : Files.readAllLines(PROCESS_STATUS)) {
                if (line.startsWith(field)) {
                    String kilobytes = line.substring(field.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kilobytes) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc is hidden: RSS is simply not reported.
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
