package org.pocaduck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.pocaduck.CleanupSummary;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.OptimizationSummary;
import org.pocaduck.Optimizer;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.PocaduckException;
import org.pocaduck.PointCloud;
import org.pocaduck.Query;
import org.pocaduck.QueryOptions;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The library's main job end to end on local disk: a synthetic blockwise scan of a label volume is ingested by
 * parallel workers, consolidated and queried, optimized and queried again, and the largest label is drawn. It shows what PoCADuck does and how
 * fast, without any data of one's own.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = PomVersionProvider.class,
        description = {
            "Generate a synthetic label volume (random-walk neurons in " + SyntheticVolume.SIDE + "³ voxels,"
                    + " blocks of " + SyntheticVolume.BLOCK_SIZE + "³, some labels ≥ 2^63),"
                    + " ingest it blockwise with parallel workers,"
                    + " consolidate, query a few labels, optimize (label-contiguous files), query them again,"
                    + " print what it measured and save a PNG of the largest label.",
            "DIR must be new, empty or a PoCADuck dataset (the demo's points are then added to it);"
                    + " by default a new directory under the system temp directory."
        },
        footer = {"", "Examples:", "  pocaduck demo", "  pocaduck demo /tmp/pc --points 2000000 --workers 4"})
final class DemoCommand implements Callable<Integer> {

    /** How many labels the batch query asks for at once. */
    private static final int BATCH_LABELS = 100;
    private static final int PICTURE_SIZE = 1024;
    /** Measured calls read their points every time: a cached repeat would say nothing about reading. */
    private static final QueryOptions UNCACHED = QueryOptions.defaults().withCacheBytes(0);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Where to write the dataset.")
    Path dir;

    @Option(names = "--points", paramLabel = "N", defaultValue = "1000000",
            description = "Points to generate (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "4",
            description = "Parallel ingest workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the synthetic volume; the same seed gives the same volume"
                    + " (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--verbose", description = "On an error, print its stack trace too.")
    boolean verbose;

    @Override
    public Integer call() {
        if (points < 1_000) {
            throw new ParameterException(spec.commandLine(),
                    "--points " + points + " is too few; expected at least 1000");
        }
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers " + workers + " must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            run(out);
            return 0;
        } catch (PocaduckException | IllegalArgumentException | IOException | UncheckedIOException e) {
            return DatasetCommand.reportUserError(spec, e, verbose);
        } finally {
            out.flush();
            spec.commandLine().getErr().flush();
        }
    }

    private void run(PrintWriter out) throws IOException {
        Path base = prepareDirectory();
        StorageConfig config = StorageConfig.local(base);
        out.println("dataset: " + config.base());

        long start = System.nanoTime();
        SyntheticVolume volume = SyntheticVolume.generate(points, seed);
        List<SyntheticVolume.Block> blocks = volume.blocks();
        long[] labels = volume.labels();
        long highLabels = Arrays.stream(labels).filter(label -> label < 0).count();
        out.printf("generated: %,d points, %,d labels (%,d of them ≥ 2^63), %,d blocks of %d³ voxels in %s%n",
                points, labels.length, highLabels, blocks.size(), SyntheticVolume.BLOCK_SIZE, since(start));
        out.flush();

        start = System.nanoTime();
        BlockwiseIngestion.ingest(config, blocks, workers);
        long ingestNanos = System.nanoTime() - start;
        out.printf("ingest: %d workers in %s, %,.0f points/s (cold: this JVM's first ingest, so JIT compilation and"
                + " DuckDB's start are in it; docs/PERFORMANCE.md has the sustained rates)%n", workers,
                duration(ingestNanos), points / (ingestNanos / 1e9));
        out.flush();

        start = System.nanoTime();
        ConsolidationSummary summary = Ingestor.consolidateIndexes(config);
        out.printf("consolidate: %s (generation %d, %d part files, %,d chunks)%n", since(start),
                summary.generation(), summary.files(), summary.chunks());
        out.flush();

        out.println("queries: cold = the first call on a new Query (in a fresh JVM before optimize), warm = the same"
                + " call again; the point cache is off, so warm calls read the points again");
        long partBytes;
        try (Query query = Query.open(config, UNCACHED)) {
            reportQueries(query, out);
            partBytes = query.statistics().partBytes();
        }

        // About one shard per thread: the demo's dataset is far smaller than the default 256 MiB file, and each shard
        // has a fixed cost (its own DuckDB index, fsyncs) that many tiny shards would pay many times.
        OptimizerOptions options = OptimizerOptions.defaults().withThreads(workers)
                .withTargetFileBytes(Math.max(64 << 10, partBytes / workers + 1));
        start = System.nanoTime();
        OptimizationSummary optimized = Optimizer.optimize(config, options);
        long optimizeNanos = System.nanoTime() - start;
        CleanupSummary cleanup = Optimizer.cleanup(config);
        out.printf("optimize: %d shards on %d threads in %s, %,.0f points/s (generation %d, %d label-contiguous"
                + " files; cleanup removed %d replaced files)%n", optimized.shards(), workers, duration(optimizeNanos),
                optimized.pointsRead() / (optimizeNanos / 1e9), optimized.generation(), optimized.filesWritten(),
                cleanup.filesRemoved());
        out.flush();

        try (Query query = Query.open(config, UNCACHED)) {
            out.println("after optimize:");
            Largest largest = reportQueries(query, out);
            start = System.nanoTime();
            String label = Long.toUnsignedString(largest.label());
            Path picture = base.resolve("label-" + label + ".png");
            new LabelRenderer(PICTURE_SIZE).write(largest.label(), largest.points(), picture);
            out.printf("picture of label %s: %s (drawn in %s)%n", label, picture, since(start));
        }
    }

    /** The label with the most points, and its points. */
    private record Largest(long label, PointCloud points) {
    }

    /**
     * Runs the typical queries, each twice (cold, then warm), prints how long each took, and returns the label with
     * the most points.
     */
    private static Largest reportQueries(Query query, PrintWriter out) {
        long[][] labels = new long[1][];
        long[] total = new long[1];
        long[] largest = new long[1];
        String[] times = twice(() -> {
            labels[0] = query.getLabels();
            long largestCount = -1;
            total[0] = 0;
            for (long label : labels[0]) {
                long count = query.getPointCount(label);
                total[0] += count;
                if (count > largestCount) {
                    largest[0] = label;
                    largestCount = count;
                }
            }
        });
        out.printf("query: labels and counts of all %,d labels: %,d points, %s%n", labels[0].length, total[0],
                String.join(", ", times));

        int[] blockCount = new int[1];
        times = twice(() -> blockCount[0] = query.getBlocksForLabel(largest[0]).size());
        out.printf("query: blocks of the largest label %s: %,d, %s%n", Long.toUnsignedString(largest[0]),
                blockCount[0], String.join(", ", times));

        PointCloud[] largestPoints = new PointCloud[1];
        times = twice(() -> largestPoints[0] = query.getPoints(largest[0]));
        out.printf("query: getPoints of the largest label: %,d points, %s%n", largestPoints[0].size(),
                String.join(", ", times));

        long[] batch = new long[Math.min(BATCH_LABELS, labels[0].length)];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = labels[0][(int) ((long) i * labels[0].length / batch.length)];
        }
        long[] batchPoints = new long[1];
        times = twice(() -> batchPoints[0] = query.getPoints(batch).values().stream().mapToLong(PointCloud::size)
                .sum());
        out.printf("query: getPoints of %d labels in one batch: %,d points, %s%n", batch.length, batchPoints[0],
                String.join(", ", times));
        out.flush();
        return new Largest(largest[0], largestPoints[0]);
    }

    /** Runs {@code call} twice; "cold X ms" and "warm Y ms". */
    private static String[] twice(Runnable call) {
        String[] times = new String[2];
        for (int run = 0; run < 2; run++) {
            long start = System.nanoTime();
            call.run();
            times[run] = (run == 0 ? "cold " : "warm ") + since(start);
        }
        return times;
    }

    /** The dataset directory: DIR if it is new, empty or already a dataset, else a fresh temporary directory. */
    private Path prepareDirectory() throws IOException {
        if (dir == null) {
            return Files.createTempDirectory("pocaduck-demo-");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("DIR " + dir + " is a file; expected a new or empty directory"
                    + " or a PoCADuck dataset");
        }
        if (Files.isDirectory(dir) && !isEmpty(dir) && !Files.exists(dir.resolve("pocaduck.json"))) {
            throw new IllegalArgumentException("DIR " + dir + " is neither empty nor a PoCADuck dataset;"
                    + " choose a new or empty directory");
        }
        return Files.createDirectories(dir);
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String since(long startNanos) {
        return duration(System.nanoTime() - startNanos);
    }

    private static String duration(long nanos) {
        return String.format("%,.1f ms", nanos / 1e6);
    }
}
