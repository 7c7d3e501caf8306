package org.pocaduck.cli;

import java.io.PrintWriter;
import java.util.List;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;

/** Merges the indexes of the finished workers into a new index generation and reports what it holds. */
@Command(
        name = "consolidate",
        description = "Merge the indexes of all finished workers into a new index generation, and print a summary."
                + " Workers still open are skipped and listed.",
        footer = {"", "Example:", "  pocaduck consolidate --base /data/pc"})
final class ConsolidateCommand extends DatasetCommand {

    @Override
    protected void run(StorageConfig config) {
        print(consolidate(config, spec.commandLine().getErr()), out());
    }

    /** Consolidates with progress over the worker (and shard) indexes read; also used by ingest and scan. */
    static ConsolidationSummary consolidate(StorageConfig config, PrintWriter log) {
        try (Progress progress = Progress.start("consolidate", "indexes", -1, log)) {
            return Ingestor.consolidateIndexes(config, (read, total) -> {
                progress.total(total);
                progress.step(1);
            });
        }
    }

    /** The summary, one fact per line; also printed by {@code ingest} and {@code scan --consolidate}. */
    static void print(ConsolidationSummary summary, PrintWriter out) {
        if (!summary.published()) {
            out.println("generation: " + summary.generation() + " (unchanged: no worker has a part it lacks)");
        } else if (summary.baseGeneration() > 0) {
            out.println("generation: " + summary.generation() + " (incremental: generation "
                    + summary.baseGeneration() + "'s segment plus one of what came since; the counts below are that"
                    + " segment's)");
        } else {
            out.println("generation: " + summary.generation());
        }
        out.println("workers: " + list(summary.workers()));
        out.println("skipped live workers: " + list(summary.skippedLiveWorkers()));
        if (!summary.uncommittedWorkers().isEmpty()) {
            out.println("uncommitted workers (left out): " + list(summary.uncommittedWorkers()));
        }
        out.println("files: " + summary.files());
        out.println("chunks: " + summary.chunks());
        out.println("labels: " + summary.labels());
        out.println("points: " + summary.points());
    }

    private static String list(List<String> ids) {
        return ids.isEmpty() ? "(none)" : String.join(", ", ids);
    }
}
