package org.pocaduck.internal.compact;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.duckdb.DuckDBConnection;
import org.pocaduck.CleanupSummary;
import org.pocaduck.DatasetNotFoundException;
import org.pocaduck.PocaduckException;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.ExclusiveLock;
import org.pocaduck.internal.format.FileTrees;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.format.OptimizationRuns;
import org.pocaduck.internal.format.RunPlan;
import org.pocaduck.internal.index.DuckDb;
import org.pocaduck.internal.index.WorkerIndex;

/**
 * Removes what the current generation no longer uses: worker parts the committed optimization replaced, runs that
 * were replaced or can no longer be committed, and older index generations (except those a pending run reads).
 * Never implicit: a reader still open on an older generation loses the files it reads, so this runs only when asked.
 */
final class OptimizationCleanup {
    private final DatasetLayout layout;
    private long files;
    private long bytes;
    private final List<String> skipped = new ArrayList<>();

    private OptimizationCleanup(DatasetLayout layout) {
        this.layout = layout;
    }

    static CleanupSummary cleanup(DatasetLayout layout) {
        OptimizationCleanup cleanup = new OptimizationCleanup(layout);
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            if (!Files.exists(layout.manifest())) {
                throw new DatasetNotFoundException("no PoCADuck dataset at " + layout.base() + " (no "
                        + DatasetLayout.MANIFEST + ")");
            }
            Files.createDirectories(layout.indexDirectory());
            // Holding the consolidation lock keeps the manifest still while we decide what it no longer uses.
            try (ExclusiveLock lock = ExclusiveLock.tryAcquire(layout.consolidationLock()).orElseThrow(() ->
                    new PocaduckException("a consolidation of " + layout.base() + " is running; clean up when it has"
                            + " finished"))) {
                Manifest manifest = Manifest.read(layout, duck).orElseThrow();
                cleanup.run(manifest, duck);
            }
        } catch (IOException e) {
            throw new PocaduckIOException("cleanup of " + layout.base() + " failed: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw DuckDb.failure("cleanup of " + layout.base(), e);
        }
        return new CleanupSummary(cleanup.files, cleanup.bytes, cleanup.skipped);
    }

    private void run(Manifest manifest, DuckDBConnection duck) throws IOException, SQLException {
        String committed = manifest.optimizedRun();
        List<RunPlan> plans = OptimizationRuns.plans(layout, duck);
        for (RunPlan plan : plans) {
            if (!plan.run().equals(committed) && !OptimizationRuns.isPending(plan, committed)) {
                FileTrees.deleteTree(layout.resolve(plan.run()), this::delete);
            }
        }
        if (committed != null) {
            RunPlan plan = RunPlan.read(layout, committed, duck).orElseThrow(() -> new PocaduckException(
                    "optimization run " + committed + " of " + layout.base() + " has no plan"));
            for (var replaced : plan.replacedParts().entrySet()) {
                removeReplacedParts(replaced.getKey(), replaced.getValue(), duck);
            }
        }
        Set<Long> pinned = OptimizationRuns.pendingSourceGenerations(layout, duck, committed);
        try (DirectoryStream<Path> indexFiles = Files.newDirectoryStream(layout.indexDirectory())) {
            for (Path file : indexFiles) {
                long generation = DatasetLayout.indexGeneration(file.getFileName().toString());
                if (generation > 0 && generation < manifest.generation() && !pinned.contains(generation)) {
                    delete(file);
                }
            }
        }
    }

    private void removeReplacedParts(String workerId, int lastReplaced, DuckDBConnection duck)
            throws IOException, SQLException {
        Path directory = layout.workerDirectory(workerId);
        if (!Files.isDirectory(directory)) {
            return;
        }
        Optional<ExclusiveLock> lock = ExclusiveLock.tryAcquire(layout.workerLock(workerId));
        if (lock.isEmpty()) {
            skipped.add(workerId);
            return;
        }
        try (ExclusiveLock held = lock.get()) {
            List<Path> replaced = new ArrayList<>();
            try (DirectoryStream<Path> parts = Files.newDirectoryStream(directory)) {
                for (Path part : parts) {
                    int number = DatasetLayout.partNumber(part.getFileName().toString());
                    if (number > 0 && number <= lastReplaced) {
                        replaced.add(part);
                    }
                }
            }
            if (replaced.isEmpty()) {
                return;
            }
            if (Files.exists(layout.workerIndex(workerId))) {
                WorkerIndex.forgetChunksUpTo(duck, layout.workerIndex(workerId), lastReplaced);
            }
            for (Path part : replaced) {
                delete(part);
            }
        }
    }


    private void delete(Path file) throws IOException {
        long size = Files.size(file);
        if (Files.deleteIfExists(file)) {
            files++;
            bytes += size;
        }
    }
}
