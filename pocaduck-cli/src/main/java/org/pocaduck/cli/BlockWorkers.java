package org.pocaduck.cli;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
 * of a block goes to the same worker, so a block's points end up in one worker's part files. A worker's Ingestor is
 * opened with its first block, so a worker that gets no block leaves nothing in the dataset. The number of tasks
 * waiting is bounded, so a fast reader cannot fill the memory ahead of slow writers.
 */
final class BlockWorkers implements AutoCloseable {

    /**
     * Writers wait on storage as much as on the processor, so more of them than processors pay off; far more only
     * multiply threads, DuckDB instances and buffers of up to a part file's points each.
     */
    static final int MAX_WORKERS_PER_PROCESSOR = 16;
    private static final int WAITING_CHUNKS_PER_WORKER = 16;

    private final StorageConfig config;
    private final String workerIdPrefix;
    private final IngestorOptions options;
    /** Each worker's Ingestor once opened; element i is touched only by thread i until {@link #close()}. */
    private final Ingestor[] ingestors;
    private final List<ExecutorService> threads = new ArrayList<>();
    private final Semaphore waiting;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private boolean closed;

    /** Workers {@code <prefix>-1 ... <prefix>-count}, a count {@link #checkCount} accepted; none writes yet. */
    BlockWorkers(StorageConfig config, String workerIdPrefix, int count, IngestorOptions options) {
        this.config = config;
        this.workerIdPrefix = workerIdPrefix;
        this.options = options;
        this.ingestors = new Ingestor[count];
        waiting = new Semaphore(count * WAITING_CHUNKS_PER_WORKER);
        for (int i = 0; i < count; i++) {
            threads.add(Executors.newSingleThreadExecutor());
        }
    }

    /** The most workers one process may run: {@link #MAX_WORKERS_PER_PROCESSOR} per processor. */
    static int maxWorkers() {
        return MAX_WORKERS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
    }

    /**
     * Rejects a worker count above {@link #maxWorkers()}, before any input is read or any worker is created.
     *
     * @throws IllegalArgumentException naming the count and the bound
     */
    static void checkCount(int count) {
        int max = maxWorkers();
        if (count > max) {
            throw new IllegalArgumentException("--workers " + count + " is more than this machine can use; expected"
                    + " at most " + max + " (" + MAX_WORKERS_PER_PROCESSOR + " per processor)");
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
        return Math.floorMod(blockId.hashCode(), ingestors.length);
    }

    int count() {
        return ingestors.length;
    }

    /** The ids of the workers that were given a block, so opened; call after {@link #close()}. */
    List<String> workerIds() {
        return Arrays.stream(ingestors).filter(Objects::nonNull).map(Ingestor::workerId).toList();
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
        threads.get(worker).execute(() -> {
            try {
                if (failure.get() == null) {
                    work.accept(ingestor(worker));
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

    /** Worker {@code worker}'s Ingestor, opened on its first use (on its thread). */
    private Ingestor ingestor(int worker) {
        if (ingestors[worker] == null) {
            ingestors[worker] = Ingestor.open(config, workerIdPrefix + "-" + (worker + 1), options);
        }
        return ingestors[worker];
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
                if (ingestor != null) {
                    ingestor.close();
                }
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
