package org.pocaduck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.StorageConfig;

/**
 * Ingests a scan the way a cluster does: block b goes to worker {@code b % workers}; each worker is a thread with its
 * own {@link Ingestor} ({@code worker-1}, {@code worker-2}, ...), and the work ends when every worker has closed
 * (flushed) its ingestor.
 */
public final class VolumeIngestion {
    private VolumeIngestion() {
    }

    /** Runs the ingestion and returns its wall-clock time in nanoseconds, from opening to the last close. */
    public static long run(PreparedChunks chunks, StorageConfig config, int workers, IngestorOptions options) {
        return run(chunks, config, workers, "worker-", options);
    }

    /** {@link #run(PreparedChunks, StorageConfig, int, IngestorOptions)} with worker ids {@code workerIdPrefix + n}. */
    static long run(BlockSource scan, StorageConfig config, int workers, String workerIdPrefix,
            IngestorOptions options) {
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                running.add(threads.submit(() -> ingestShare(scan, config, options, workerIdPrefix + (worker + 1), worker,
                        workers)));
            }
            for (Future<?> future : running) {
                await(future);
            }
            return System.nanoTime() - start;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void ingestShare(BlockSource scan, StorageConfig config, IngestorOptions options, String workerId,
            int worker, int workers) {
        try (Ingestor ingestor = Ingestor.open(config, workerId, options)) {
            for (int block = worker; block < scan.blockCount(); block += workers) {
                scan.writeBlock(ingestor, block);
            }
        }
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an ingest worker", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("ingest worker failed", e.getCause());
        }
    }
}
