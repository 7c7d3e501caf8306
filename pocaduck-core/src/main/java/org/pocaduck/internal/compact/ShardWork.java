package org.pocaduck.internal.compact;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;
import org.pocaduck.DatasetNotFoundException;
import org.pocaduck.OptimizationSummary;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.PocaduckException;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.FailureReason;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.format.OptimizationRuns;
import org.pocaduck.internal.format.RunPlan;
import org.pocaduck.internal.store.DatasetWorkspace;
import org.pocaduck.internal.index.DuckDb;

/**
 * Runs the shards of the pending optimization run that belong to one worker (shard number modulo the worker count),
 * on a few threads that take shards from a shared counter. Finished shards are skipped, so a restarted worker
 * continues where it stopped.
 */
final class ShardWork {
    private ShardWork() {
    }

    static OptimizationSummary run(DatasetWorkspace workspace, OptimizerOptions options, int worker, int workers) {
        DatasetLayout layout = workspace.layout();
        if (workers < 1 || worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("worker " + worker + " of " + workers + " is not valid; expected"
                    + " 0 <= worker < workers");
        }
        Manifest manifest;
        RunPlan plan;
        try {
            manifest = Manifest.read(workspace).orElseThrow(() -> new DatasetNotFoundException(
                    "no PoCADuck dataset at " + layout.location() + " (no " + DatasetLayout.MANIFEST + ")"));
            plan = OptimizationRuns.newestPending(workspace, manifest.optimizedRun()).orElseThrow(() ->
                    new PocaduckException("no optimization of " + layout.location() + " is planned; plan one first"));
        } catch (IOException e) {
            throw new PocaduckIOException("cannot read the optimization plan of " + layout.location() + ": "
                    + e.getMessage(), e);
        }
        List<Integer> mine = new ArrayList<>();
        for (int shard = worker; shard < plan.shards(); shard += workers) {
            mine.add(shard);
        }
        Totals totals = new Totals();
        try (SourceGeneration source = SourceGeneration.open(workspace, plan.sourceIndex(), manifest.schema())) {
            ShardOptimizer optimizer = new ShardOptimizer(workspace, plan, source, manifest.schema(),
                    options.rowGroupSize(), options.progress());
            AtomicInteger next = new AtomicInteger();
            Runnable work = () -> {
                int shard = -1;
                try (DuckDBConnection duck = DuckDb.openInMemory()) {
                    DuckDb.execute(duck, "SET threads = 1");
                    for (int i = next.getAndIncrement(); i < mine.size(); i = next.getAndIncrement()) {
                        shard = mine.get(i);
                        totals.add(optimizer.optimize(shard, duck));
                    }
                } catch (IOException e) {
                    throw new PocaduckIOException("optimizing shard " + shard + " of " + layout.location() + " failed: "
                            + FailureReason.of(e), e);
                } catch (SQLException e) {
                    throw DuckDb.failure("optimizing shard " + shard + " of " + layout.location(), e);
                }
            };
            runOn(Math.min(options.threads(), Math.max(1, mine.size())), work);
        } catch (IOException e) {
            throw new PocaduckIOException("cannot read generation " + plan.sourceIndex() + " of " + layout.location()
                    + ": " + e.getMessage(), e);
        }
        return new OptimizationSummary(plan.run(), plan.shards(), totals.written, mine.size() - totals.written,
                totals.pointsRead, totals.pointsWritten, totals.files, totals.bytes, 0);
    }

    private static void runOn(int threads, Runnable work) {
        if (threads == 1) {
            work.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(work));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new PocaduckException("optimization failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PocaduckException("interrupted while optimizing", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sums of the shards' outcomes, added from several threads. */
    private static final class Totals {
        int written;
        long pointsRead;
        long pointsWritten;
        long files;
        long bytes;

        synchronized void add(ShardOptimizer.Outcome outcome) {
            if (outcome.written()) {
                written++;
                pointsRead += outcome.pointsRead();
                pointsWritten += outcome.pointsWritten();
                files += outcome.files();
                bytes += outcome.bytes();
            }
        }
    }
}
