package org.pocaduck.internal.compact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
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
import org.pocaduck.internal.format.FailureReason;
import org.pocaduck.internal.format.FileTrees;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.format.OptimizationRuns;
import org.pocaduck.internal.format.RunPlan;
import org.pocaduck.internal.store.DatasetWorkspace;
import org.pocaduck.internal.index.GenerationFiles;
import org.pocaduck.internal.index.DuckDb;
import org.pocaduck.internal.index.LabelIndex;
import org.pocaduck.internal.index.WorkerIndex;

/**
 * Removes what the current generation no longer uses: worker parts the committed optimization replaced, runs that
 * were replaced or can no longer be committed, and older index generations (except those a pending run reads).
 * Never implicit: a reader still open on an older generation loses the files it reads, so this runs only when asked.
 */
final class OptimizationCleanup {
    private final DatasetWorkspace workspace;
    private final DatasetLayout layout;
    private long files;
    private long bytes;
    private final List<String> skipped = new ArrayList<>();
    /** What the current generation reads, which no deletion may touch. */
    private Set<String> live = Set.of();

    private OptimizationCleanup(DatasetWorkspace workspace) {
        this.workspace = workspace;
        this.layout = workspace.layout();
    }

    static CleanupSummary cleanup(DatasetWorkspace workspace) {
        OptimizationCleanup cleanup = new OptimizationCleanup(workspace);
        DatasetLayout layout = workspace.layout();
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            if (!workspace.exists(DatasetLayout.MANIFEST)) {
                throw new DatasetNotFoundException("no PoCADuck dataset at " + layout.location() + " (no "
                        + DatasetLayout.MANIFEST + ")");
            }
            Files.createDirectories(layout.indexDirectory());
            // Holding the consolidation lock keeps the manifest still while we decide what it no longer uses.
            try (ExclusiveLock lock = ExclusiveLock.tryAcquire(layout.consolidationLock()).orElseThrow(() ->
                    new PocaduckException("a consolidation of " + layout.location() + " is running; clean up when it has"
                            + " finished"))) {
                Manifest manifest = Manifest.read(workspace).orElseThrow();
                cleanup.run(manifest, duck);
            }
        } catch (IOException e) {
            throw new PocaduckIOException("cleanup of " + layout.location() + " failed: " + FailureReason.of(e), e);
        } catch (SQLException e) {
            throw DuckDb.failure("cleanup of " + layout.location(), e);
        }
        return new CleanupSummary(cleanup.files, cleanup.bytes, cleanup.skipped);
    }

    private void run(Manifest manifest, DuckDBConnection duck) throws IOException, SQLException {
        String committed = manifest.optimizedRun();
        // Everything is checked before anything is deleted: the committed run's plan must exist, and no step below may
        // delete a file the current generation reads, whatever a manifest or plan says.
        RunPlan committedPlan = committed == null ? null : RunPlan.read(workspace, committed).orElseThrow(() ->
                new PocaduckException("optimization run " + committed + " of " + layout.location() + " has no plan;"
                        + " cleanup deleted nothing"));
        live = liveFiles(manifest);
        List<RunPlan> plans = OptimizationRuns.plans(workspace);
        for (RunPlan plan : plans) {
            if (!plan.run().equals(committed) && !OptimizationRuns.isPending(plan, committed)) {
                // The plan goes last: a run without one is not a run, whatever a failed cleanup left of it.
                String planKey = DatasetLayout.runPlan(plan.run());
                for (String key : workspace.list(plan.run() + "/")) {
                    if (!key.equals(planKey)) {
                        delete(key);
                    }
                }
                delete(planKey);
                FileTrees.deleteTree(layout.resolve(plan.run()));
            }
        }
        if (committedPlan != null) {
            for (var replaced : committedPlan.replacedParts().entrySet()) {
                removeReplacedParts(replaced.getKey(), replaced.getValue(), duck);
            }
        }
        Set<Long> pinned = new HashSet<>(OptimizationRuns.pendingSourceGenerations(workspace, committed));
        // An incrementally consolidated generation reads the base segment of an older one.
        manifest.segments().forEach(segment -> pinned.add(segment.generation()));
        for (String key : workspace.list(DatasetLayout.INDEX + "/")) {
            long generation = DatasetLayout.indexGeneration(DatasetWorkspace.fileName(key));
            if (generation > 0 && generation < manifest.generation() && !pinned.contains(generation)) {
                delete(key);
            }
        }
    }

    /**
     * Deletes a worker's parts up to {@code lastReplaced}. Where the workspace is the dataset itself (a local
     * dataset) the worker's index forgets their chunk rows too, under the worker's lock; an object store has no lock
     * to keep a live worker from replacing its index meanwhile, so there the rows stay (consolidations skip them by
     * part number anyway).
     */
    private void removeReplacedParts(String workerId, int lastReplaced, DuckDBConnection duck)
            throws IOException, SQLException {
        List<String> replaced = new ArrayList<>();
        for (String key : workspace.list(DatasetLayout.WORKERS + "/" + workerId + "/")) {
            int number = DatasetLayout.partNumber(DatasetWorkspace.fileName(key));
            if (number > 0 && number <= lastReplaced) {
                replaced.add(key);
            }
        }
        if (replaced.isEmpty()) {
            return;
        }
        if (workspace.inPlace()) {
            Optional<ExclusiveLock> lock = ExclusiveLock.tryAcquire(layout.workerLock(workerId));
            if (lock.isEmpty()) {
                skipped.add(workerId);
                return;
            }
            try (ExclusiveLock held = lock.get()) {
                String index = DatasetLayout.workerIndex(workerId);
                if (workspace.exists(index)) {
                    WorkerIndex.forgetChunksUpTo(duck, workspace.local(index), lastReplaced);
                }
                for (String part : replaced) {
                    delete(part);
                }
            }
        } else {
            for (String part : replaced) {
                delete(part);
            }
        }
    }

    /** The files the current generation reads: the index files of its segments and every part file they list. */
    private Set<String> liveFiles(Manifest manifest) throws IOException {
        Set<String> files = new HashSet<>();
        for (Manifest.Segment segment : manifest.segments()) {
            String indexFile = segment.indexFile();
            for (GenerationFiles.PartFile file : GenerationFiles.of(workspace, indexFile).files()) {
                files.add(file.path());
            }
            files.add(indexFile);
            files.add(LabelIndex.keyFor(indexFile));
            files.add(DatasetLayout.liveFiles(indexFile));
        }
        return files;
    }

    private void delete(String key) throws IOException {
        if (live.contains(key)) {
            throw new PocaduckException("cleanup of " + layout.location() + " stopped before deleting " + key
                    + ", which the current generation reads; its manifest or a plan names files it should not");
        }
        long size;
        try {
            size = workspace.size(key);
        } catch (NoSuchFileException e) {
            return;
        }
        workspace.delete(key);
        files++;
        bytes += size;
    }
}
