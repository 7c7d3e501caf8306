package org.pocaduck.cli;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.StorageConfig;

/**
 * Parallel writers: one thread and one {@link Ingestor} per worker id {@code <prefix>-1 ... <prefix>-N}. Every chunk
 * of a block goes to the same worker, so a block's points end up in one worker's part files. The number of tasks
 * waiting is bounded, so a fast reader cannot fill the memory ahead of slow writers.
 */
final class BlockWorkers implements AutoCloseable {

    private static final int WAITING_CHUNKS_PER_WORKER = 16;

    private final List<Ingestor> ingestors = new ArrayList<>();
    private final List<ExecutorService> threads = new ArrayList<>();
    private final Semaphore waiting;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private boolean closed;

    BlockWorkers(StorageConfig config, String workerIdPrefix, int count, IngestorOptions options) {
        waiting = new Semaphore(count * WAITING_CHUNKS_PER_WORKER);
        try {
            for (int i = 1; i <= count; i++) {
                ingestors.add(Ingestor.open(config, workerIdPrefix + "-" + i, options));
                threads.add(Executors.newSingleThreadExecutor());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Queues {@code work} for the worker of {@code blockId}, to run on its thread with its Ingestor; throws the first
     * failure of any worker instead, once there is one. A rejected value's message is prefixed with {@code context}.
     */
    void submit(String blockId, Consumer<Ingestor> work, Supplier<String> context) {
        submit(workerOf(blockId), work, context);
    }

    /** The worker every point of {@code blockId} goes to: a block's points stay together in one worker's files. */
    int workerOf(String blockId) {
        return Math.floorMod(blockId.hashCode(), ingestors.size());
    }

    int count() {
        return ingestors.size();
    }

    List<String> workerIds() {
        return ingestors.stream().map(Ingestor::workerId).toList();
    }

    /** Queues {@code work} for worker {@code worker} (0-based), as {@link #submit(String, Consumer, Supplier)}. */
    void submit(int worker, Consumer<Ingestor> work, Supplier<String> context) {
        throwFailure();
        try {
            waiting.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while ingesting"));
        }
        Ingestor ingestor = ingestors.get(worker);
        threads.get(worker).execute(() -> {
            try {
                if (failure.get() == null) {
                    work.accept(ingestor);
                }
            } catch (IllegalArgumentException e) {
                failure.compareAndSet(null, new IllegalArgumentException(context.get() + ": " + e.getMessage(), e));
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                waiting.release();
            }
        });
    }

    /**
     * Waits for the queued chunks, then closes every Ingestor, which flushes it; throws the first failure. Points
     * written before a failure stay in the dataset, as the library keeps them.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        threads.forEach(ExecutorService::shutdown);
        try {
            for (ExecutorService thread : threads) {
                thread.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new UncheckedIOException(
                    new InterruptedIOException("interrupted while ingesting")));
        }
        for (Ingestor ingestor : ingestors) {
            try {
                ingestor.close();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
        throwFailure();
    }

    private void throwFailure() {
        RuntimeException first = failure.get();
        if (first != null) {
            throw first;
        }
    }
}
