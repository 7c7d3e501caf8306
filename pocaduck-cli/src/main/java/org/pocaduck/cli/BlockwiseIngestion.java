package org.pocaduck.cli;

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
 * Ingests a blockwise scan the way a cluster job would: {@code workers} parallel workers, each with its own
 * {@link Ingestor} and worker id, block {@code i} going to worker {@code i % workers}.
 */
final class BlockwiseIngestion {

    private BlockwiseIngestion() {
    }

    static void ingest(StorageConfig config, List<SyntheticVolume.Block> blocks, int workers) {
        IngestorOptions options = IngestorOptions.defaults().withSchema(SyntheticVolume.SCHEMA);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int worker = 0; worker < workers; worker++) {
                int id = worker;
                running.add(pool.submit(() -> ingestShare(config, options, blocks, id, workers)));
            }
            for (Future<?> future : running) {
                awaitRethrowing(future);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void ingestShare(StorageConfig config, IngestorOptions options, List<SyntheticVolume.Block> blocks,
            int worker, int workers) {
        try (Ingestor ingestor = Ingestor.open(config, "worker-" + worker, options)) {
            for (int i = worker; i < blocks.size(); i += workers) {
                SyntheticVolume.Block block = blocks.get(i);
                for (SyntheticVolume.Chunk chunk : block.chunks()) {
                    ingestor.write(chunk.label(), block.id(), chunk.points());
                }
            }
        }
    }

    /** A worker's failure surfaces as itself, so the command reports the library's message rather than a wrapper. */
    private static void awaitRethrowing(Future<?> future) {
        try {
            future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ingest workers", e);
        }
    }
}
