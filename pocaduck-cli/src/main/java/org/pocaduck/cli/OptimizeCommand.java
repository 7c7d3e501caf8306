package org.pocaduck.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Function;
import org.pocaduck.OptimizationPlan;
import org.pocaduck.OptimizationSummary;
import org.pocaduck.Optimizer;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Rewrites the dataset so every label is contiguous, in one go or as the steps of a distributed run (plan, shard
 * workers, commit), like ingestion.
 */
@Command(
        name = "optimize",
        description = {
            "Rewrite the consolidated dataset into label-contiguous files (each label one row range of one file,"
                    + " unless it is larger than a file), keeping block ids, and make it the current generation."
                    + " Readers open meanwhile keep their view; the replaced files stay until `pocaduck cleanup`.",
            "Without a step option: plan, optimize every shard on --threads threads, and commit. An interrupted run"
                    + " resumes: finished shards are kept. For many machines, run --plan once, --worker K/N on each"
                    + " worker (restart it after a crash), then --commit once."
        },
        footer = {"", "Examples:", "  pocaduck optimize --base /data/pc --threads 8",
            "  pocaduck optimize --base /data/pc --deduplicate --target-file-size 512M",
            "  pocaduck optimize --base s3data --plan && pocaduck optimize --base s3data --worker 3/16"
                    + " && pocaduck optimize --base s3data --commit"})
final class OptimizeCommand extends DatasetCommand {

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "Shards optimized at once by this process (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--target-file-size", paramLabel = "SIZE", defaultValue = "256M",
            converter = ByteSizeConverter.class,
            description = "Size the optimized files aim at, in bytes or with K, M, G (default: ${DEFAULT-VALUE}).")
    long targetFileBytes;

    @Option(names = "--row-group-size", paramLabel = "ROWS", defaultValue = "" + OptimizerOptions.DEFAULT_ROW_GROUP_SIZE,
            description = "Rows per Parquet row group of the optimized files (default: ${DEFAULT-VALUE}). Smaller"
                    + " groups make small labels cheaper to read, from a bucket above all, and footers larger.")
    int rowGroupSize;

    @Option(names = "--deduplicate",
            description = "Store identical points of a label once (bit-identical in every column; the first in"
                    + " optimized order is kept, with its block). Off by default: every ingested point is kept.")
    boolean deduplicate;

    @ArgGroup(exclusive = true)
    Step step;

    /** One step of a distributed run instead of the whole. */
    static final class Step {
        @Option(names = "--plan", description = "Only plan the run (idempotent) and print the plan.")
        boolean plan;

        @Option(names = "--worker", paramLabel = "K/N",
                description = "Only optimize the shards of worker K of N (K from 0), skipping finished ones.")
        String worker;

        @Option(names = "--commit", description = "Only commit the finished run as the current generation.")
        boolean commit;
    }

    @Override
    protected void run(StorageConfig config) {
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        OptimizerOptions options = OptimizerOptions.defaults().withThreads(threads)
                .withTargetFileBytes(targetFileBytes).withDeduplication(deduplicate).withRowGroupSize(rowGroupSize);
        PrintWriter out = out();
        if (step != null && step.plan) {
            print(Optimizer.plan(config, options), out);
        } else if (step != null && step.commit) {
            ConsolidateCommand.print(Optimizer.commit(config), out);
        } else if (step != null) {
            // A worker must not plan: the dataset may have moved on since the run it belongs to was planned.
            int[] worker = parseWorker(step.worker);
            print(withProgress(-1, options, progress -> Optimizer.optimizeShards(config, progress, worker[0],
                    worker[1])), out);
        } else {
            long points;
            try (Query query = Query.open(config)) {
                points = query.statistics().points();
            }
            OptimizationSummary summary = withProgress(points, options, progress -> Optimizer.optimize(config, progress));
            print(summary, out);
            if (summary.shardsOptimized() == 0 && summary.generation() == 0) {
                out.println("already optimized: nothing ingested since " + summary.run());
            }
        }
    }

    private OptimizationSummary withProgress(long points, OptimizerOptions options,
            Function<OptimizerOptions, OptimizationSummary> work) {
        long start = System.nanoTime();
        OptimizationSummary summary;
        try (Progress progress = Progress.start("optimize", "points", points, spec.commandLine().getErr())) {
            summary = work.apply(options.withProgress(progress::step));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getErr().println(String.format(Locale.ROOT, "optimized %d points in %.1f s (%.0f points/s)",
                summary.pointsRead(), seconds, summary.pointsRead() / Math.max(seconds, 1e-9)));
        return summary;
    }

    private int[] parseWorker(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                int worker = Integer.parseInt(parts[0].trim());
                int workers = Integer.parseInt(parts[1].trim());
                if (workers >= 1 && worker >= 0 && worker < workers) {
                    return new int[] {worker, workers};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "--worker must be K/N with 0 <= K < N, e.g. 3/16; got '"
                + text + "'");
    }

    private static void print(OptimizationPlan plan, PrintWriter out) {
        out.println("run: " + plan.run());
        out.println("source generation: " + plan.sourceGeneration());
        out.println("shards: " + plan.shards());
        out.println("points: " + plan.points());
        out.println("points per file: " + plan.targetFilePoints());
        out.println("deduplicate: " + plan.deduplicate());
    }

    private static void print(OptimizationSummary summary, PrintWriter out) {
        out.println("run: " + summary.run());
        out.println("shards: " + summary.shards());
        out.println("shards optimized: " + summary.shardsOptimized());
        out.println("shards skipped: " + summary.shardsSkipped());
        out.println("points read: " + summary.pointsRead());
        out.println("points written: " + summary.pointsWritten());
        out.println("files written: " + summary.filesWritten());
        out.println("bytes written: " + summary.bytesWritten());
        if (summary.generation() > 0) {
            out.println("generation: " + summary.generation());
        }
    }
}
