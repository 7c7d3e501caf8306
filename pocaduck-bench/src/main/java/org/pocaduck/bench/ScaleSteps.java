package org.pocaduck.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.Query;
import org.pocaduck.QueryOptions;
import org.pocaduck.StorageConfig;

/**
 * Steps of the scale benchmark one at a time, each in a JVM of its own: for datasets too large for the whole benchmark
 * in one run (at 10^10 points the volume's tables alone take about 8 GB of heap, and optimizing takes hours), and for
 * timing one step again on fresh copies of one dataset.
 */
public final class ScaleSteps {
    static final String USAGE = """
            Usage: java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx<heap> \\
                     -cp pocaduck-benchmarks.jar org.pocaduck.bench.ScaleSteps <step>
              ingest N DIR      the scale benchmark's main cube of N points (seed 42), ingested into DIR by 2 workers
                                (not consolidated); the volume takes about 0.8 bytes of heap per point
              consolidate DIR   one consolidation of DIR (full the first time), timed
              read DIR          Query.open, the label stream, then getPoints of labels sampled from it, per size decade
                                (point cache off: a second call finds the label's index pages cached)
            """;
    private static final int WORKERS = 2;
    private static final long SEED = 42;
    /** About this many labels are sampled from the label stream for the reads. */
    private static final int SAMPLED_LABELS = 20_000;
    private static final int CALLS_PER_STRATUM = 300;
    private static final double GIBIBYTE = 1L << 30;

    private ScaleSteps() {
    }

    public static void main(String[] args) {
        if (args.length == 3 && args[0].equals("ingest")) {
            ingest(MacroBenchmarkOptions.parseCount("N", args[1]), Path.of(args[2]));
        } else if (args.length == 2 && args[0].equals("consolidate")) {
            consolidate(Path.of(args[1]));
        } else if (args.length == 2 && args[0].equals("read")) {
            read(Path.of(args[1]));
        } else {
            System.err.print(USAGE);
            System.exit(2);
        }
        System.out.printf("peak RSS %.2f GiB%n", MemoryMonitor.processPeakRssBytes() / GIBIBYTE);
    }

    private static void ingest(long points, Path dir) {
        ScaleVolume.checkPoints("N", points);
        long start = System.nanoTime();
        ScaleVolume volume = ScaleVolume.generate(points, SEED);
        System.out.printf("volume: %,d points, %,d labels, generated in %.1f s%n", volume.mainPoints(),
                volume.mainLabelCount(), seconds(start));
        start = System.nanoTime();
        VolumeIngestion.run(volume.mainScan(), StorageConfig.local(dir), WORKERS, "worker-",
                IngestorOptions.defaults());
        double took = seconds(start);
        System.out.printf("ingest (%d workers): %.1f s, %.2f M points/s%n", WORKERS, took,
                volume.mainPoints() / took / 1e6);
        printDisk(dir, volume.mainPoints());
    }

    private static void consolidate(Path dir) {
        long start = System.nanoTime();
        ConsolidationSummary summary = Ingestor.consolidateIndexes(StorageConfig.local(dir));
        System.out.printf("consolidation: %.1f s, generation %d, %,d points, %,d labels, %,d chunks%n", seconds(start),
                summary.generation(), summary.points(), summary.labels(), summary.chunks());
        printDisk(dir, summary.points());
    }

    private static void read(Path dir) {
        StorageConfig config = StorageConfig.local(dir);
        // The point cache is off, so that a second call measures a label whose index pages are cached.
        QueryOptions options = QueryOptions.defaults().withCacheBytes(0);
        long start = System.nanoTime();
        try (Query first = Query.open(config, options)) {
            System.out.printf("Query.open: %.2f ms in a fresh JVM", (System.nanoTime() - start) / 1e6);
        }
        start = System.nanoTime();
        try (Query query = Query.open(config, options)) {
            System.out.printf(", %.2f ms again%n", (System.nanoTime() - start) / 1e6);
            start = System.nanoTime();
            SplittableRandom random = new SplittableRandom(SEED);
            double share = (double) SAMPLED_LABELS / Math.max(1, query.statistics().labels());
            long[] labels = query.streamLabels().filter(label -> random.nextDouble() < share).toArray();
            System.out.printf("streamLabels, every label: %.1f s (%,d sampled)%n", seconds(start), labels.length);
            int[] sizes = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                sizes[i] = Math.toIntExact(query.getPointCount(labels[i]));
            }
            for (SizeStratum stratum : SizeStratum.DECADES) {
                List<Long> members = new ArrayList<>();
                for (int i = 0; i < labels.length && members.size() < CALLS_PER_STRATUM; i++) {
                    if (stratum.contains(sizes[i])) {
                        members.add(labels[i]);
                    }
                }
                if (members.isEmpty()) {
                    continue;
                }
                // First calls find the label's index page in no cache; second calls find it cached.
                LatencyStats first = CallSampler.sample(members.size(), Long.MAX_VALUE,
                        i -> query.getPoints(members.get(i)), (points, i) -> checkSize(points.size(), members, i,
                                query));
                LatencyStats second = CallSampler.sample(members.size(), Long.MAX_VALUE,
                        i -> query.getPoints(members.get(i)), (points, i) -> { });
                System.out.printf("getPoints, %s points, %d labels: first call p50 %.3f / p95 %.3f ms, second call"
                        + " p50 %.3f / p95 %.3f ms%n", stratum.name(), members.size(), first.p50Millis(),
                        first.p95Millis(), second.p50Millis(), second.p95Millis());
            }
        }
    }

    private static void checkSize(int returned, List<Long> labels, int i, Query query) {
        long expected = query.getPointCount(labels.get(i));
        if (returned != expected) {
            throw new IllegalStateException("getPoints(" + Long.toUnsignedString(labels.get(i)) + ") returned "
                    + returned + " points; its count is " + expected);
        }
    }

    private static void printDisk(Path dir, long points) {
        DiskUsage disk = DiskUsage.of(dir);
        System.out.printf("disk: %,d part files, %.2f bytes/point; worker indexes %.2f, generation DuckDB indexes %.2f,"
                + " label indexes %.3f, index a reader or a later consolidation needs %.3f bytes/point; all files"
                + " %.1f GiB%n", disk.partFiles(), (double) disk.partBytes() / points,
                (double) disk.workerIndexBytes() / points, (double) disk.consolidatedIndexBytes() / points,
                (double) disk.labelIndexBytes() / points, (double) disk.neededIndexBytes() / points,
                disk.totalBytes() / GIBIBYTE);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
