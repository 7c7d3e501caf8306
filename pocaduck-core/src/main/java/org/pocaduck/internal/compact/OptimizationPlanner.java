package org.pocaduck.internal.compact;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.pocaduck.ConsolidationProgress;
import org.pocaduck.DatasetNotFoundException;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.PocaduckException;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.FailureReason;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.format.OptimizationRuns;
import org.pocaduck.internal.format.RunPlan;
import org.pocaduck.internal.index.Consolidator;
import org.pocaduck.internal.index.GenerationFiles;
import org.pocaduck.internal.index.GenerationLookup;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * Plans the optimization of a dataset's current generation: cuts its labels, in unsigned order, into shards of about
 * one target file each, and records which worker parts the run will replace. Planning is idempotent: a plan that
 * already exists for the generation (another planner's, or an interrupted run's) is returned instead, provided it
 * was made with the same options.
 */
final class OptimizationPlanner {
    /** Heap for label pages while the plan reads every label's count once, in order. */
    private static final long PAGE_CACHE_BYTES = 16L << 20;

    private OptimizationPlanner() {
    }

    static RunPlan plan(DatasetWorkspace workspace, OptimizerOptions options) {
        DatasetLayout layout = workspace.layout();
        try {
            Manifest manifest = Manifest.read(workspace).orElseThrow(() -> new DatasetNotFoundException(
                    "no PoCADuck dataset at " + layout.location() + " (no " + DatasetLayout.MANIFEST + ")"));
            if (manifest.indexFile() == null) {
                throw new DatasetNotFoundException("dataset " + layout.location() + " has never been consolidated;"
                        + " consolidate it before optimizing");
            }
            RunPlan plan = RunPlan.read(workspace, DatasetLayout.optimizationRun(manifest.generation())).orElse(null);
            if (plan == null && manifest.base() != null) {
                // A plan reads one segment: fold the generation's two into one first. The optimization rewrites
                // every point anyway, so this adds little to its cost.
                Consolidator.consolidateFully(workspace, (current, duck) -> current.optimizedRun(),
                        ConsolidationProgress.NONE);
                manifest = Manifest.read(workspace).orElseThrow();
                plan = RunPlan.read(workspace, DatasetLayout.optimizationRun(manifest.generation())).orElse(null);
            }
            if (plan == null) {
                plan = newPlan(workspace, manifest, options).createOrRead(workspace);
            }
            checkSameOptions(layout, plan, options, manifest);
            return plan;
        } catch (IOException e) {
            throw new PocaduckIOException("planning the optimization of " + layout.location() + " failed: "
                    + FailureReason.of(e), e);
        }
    }

    /**
     * The committed run, when the current generation consists of its files alone, no other run is pending and it
     * satisfies {@code options} (deduplicated, if asked): optimizing again would rewrite the same points.
     */
    static Optional<RunPlan> upToDate(DatasetWorkspace workspace, OptimizerOptions options) {
        DatasetLayout layout = workspace.layout();
        try {
            Optional<Manifest> manifest = Manifest.read(workspace);
            if (manifest.isEmpty() || manifest.get().optimizedRun() == null
                    || OptimizationRuns.newestPending(workspace, manifest.get().optimizedRun()).isPresent()) {
                return Optional.empty();
            }
            RunPlan committed = RunPlan.read(workspace, manifest.get().optimizedRun()).orElse(null);
            if (committed == null || options.deduplicate() && !committed.deduplicate()) {
                return Optional.empty();
            }
            boolean onlyRunFiles = GenerationFiles.of(workspace, manifest.get().indexFile()).files().stream()
                    .allMatch(file -> file.path().startsWith(committed.run() + "/"));
            return onlyRunFiles ? Optional.of(committed) : Optional.empty();
        } catch (IOException e) {
            throw new PocaduckIOException("reading the state of " + layout.location() + " failed: " + e.getMessage(), e);
        }
    }

    private static RunPlan newPlan(DatasetWorkspace workspace, Manifest manifest, OptimizerOptions options)
            throws IOException {
        DatasetLayout layout = workspace.layout();
        long targetPoints;
        Map<String, Integer> replaced = new TreeMap<>();
        if (manifest.optimizedRun() != null) {
            RunPlan base = RunPlan.read(workspace, manifest.optimizedRun()).orElseThrow(() ->
                    new PocaduckException("optimization run " + manifest.optimizedRun() + " of " + layout.location()
                            + " has no plan"));
            replaced.putAll(base.replacedParts());
        }
        long bytes = 0;
        long points = 0;
        for (GenerationFiles.PartFile file : GenerationFiles.of(workspace, manifest.indexFile()).files()) {
            bytes += file.bytes();
            points += file.points();
            String[] parts = file.path().split("/");
            if (parts.length == 3 && parts[0].equals(DatasetLayout.WORKERS)) {
                replaced.merge(parts[1], DatasetLayout.partNumber(parts[2]), Math::max);
            }
        }
        double bytesPerPoint = points == 0 ? 1 : Math.max(0.5, (double) bytes / points);
        targetPoints = Math.max(1, Math.min(Integer.MAX_VALUE - 8, (long) (options.targetFileBytes() / bytesPerPoint)));
        Shards shards = new Shards(targetPoints);
        try (GenerationLookup lookup = GenerationLookup.open(workspace.files(), manifest.indexFile(), -1,
                manifest.schema().names(), PAGE_CACHE_BYTES)) {
            lookup.index().forEachLabel(shards::include);
        }
        shards.finish();
        return new RunPlan(manifest.generation(), manifest.indexFile(), manifest.optimizedRun(), targetPoints,
                options.deduplicate(), shards.firsts(), shards.lasts(), shards.points(), replaced);
    }

    private static void checkSameOptions(DatasetLayout layout, RunPlan plan, OptimizerOptions options,
            Manifest manifest) {
        if (plan.deduplicate() != options.deduplicate()) {
            throw new PocaduckException("generation " + manifest.generation() + " of " + layout.location()
                    + " is already being optimized with deduplication " + (plan.deduplicate() ? "on" : "off")
                    + "; resume it with the same setting, or let it finish and optimize again");
        }
    }

    /** Cuts labels, visited in order, into shards: a shard ends before the label that would take it past the target. */
    private static final class Shards {
        private final List<long[]> shards = new ArrayList<>();
        private final long targetPoints;
        private long first;
        private long last;
        private long points;

        Shards(long targetPoints) {
            this.targetPoints = targetPoints;
        }

        void include(long label, long count) {
            if (points > 0 && points + count > targetPoints) {
                finish();
            }
            if (points == 0) {
                first = label;
            }
            last = label;
            points += count;
        }

        void finish() {
            if (points > 0) {
                shards.add(new long[] {first, last, points});
                points = 0;
            }
        }

        long[] firsts() {
            return shards.stream().mapToLong(shard -> shard[0]).toArray();
        }

        long[] lasts() {
            return shards.stream().mapToLong(shard -> shard[1]).toArray();
        }

        long[] points() {
            return shards.stream().mapToLong(shard -> shard[2]).toArray();
        }
    }
}
