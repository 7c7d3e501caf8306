package org.pocaduck.internal.format;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * The optimization runs of a dataset and their states. A run is <em>committed</em> when the manifest names it,
 * <em>pending</em> when its plan builds on the run the manifest names (so committing it is still valid), and
 * <em>superseded</em> otherwise: another run was committed after it was planned, or it was replaced by a later one.
 */
public final class OptimizationRuns {
    private OptimizationRuns() {
    }

    /** Every run that has a plan, oldest source generation first. */
    public static List<RunPlan> plans(DatasetWorkspace workspace) throws IOException {
        List<RunPlan> plans = new ArrayList<>();
        for (String key : workspace.list(DatasetLayout.COMPACT + "/")) {
            String[] segments = key.split("/");
            if (segments.length == 3 && DatasetLayout.runGeneration(segments[1]) > 0
                    && key.equals(DatasetLayout.runPlan(segments[0] + "/" + segments[1]))) {
                RunPlan.read(workspace, segments[0] + "/" + segments[1]).ifPresent(plans::add);
            }
        }
        plans.sort(Comparator.comparingLong(RunPlan::sourceGeneration));
        return plans;
    }

    /** Whether {@code plan} may still be committed on top of the manifest's run {@code committedRun}. */
    public static boolean isPending(RunPlan plan, String committedRun) {
        return !plan.run().equals(committedRun) && Objects.equals(plan.baseRun(), committedRun);
    }

    /** The newest pending run, if any. */
    public static Optional<RunPlan> newestPending(DatasetWorkspace workspace, String committedRun)
            throws IOException {
        List<RunPlan> plans = plans(workspace);
        for (int i = plans.size() - 1; i >= 0; i--) {
            if (isPending(plans.get(i), committedRun)) {
                return Optional.of(plans.get(i));
            }
        }
        return Optional.empty();
    }

    /** The source generations of pending runs: their workers still read them, so they must not be removed. */
    public static Set<Long> pendingSourceGenerations(DatasetWorkspace workspace, String committedRun)
            throws IOException {
        Set<Long> generations = new HashSet<>();
        for (RunPlan plan : plans(workspace)) {
            if (isPending(plan, committedRun)) {
                generations.add(plan.sourceGeneration());
            }
        }
        return generations;
    }
}
