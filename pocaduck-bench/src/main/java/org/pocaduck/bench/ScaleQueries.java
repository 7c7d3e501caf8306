package org.pocaduck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.pocaduck.PointCloud;
import org.pocaduck.Query;
import org.pocaduck.QueryOptions;
import org.pocaduck.StorageConfig;

/**
 * Reads of a {@link ScaleVolume}'s dataset with the point cache off, so that every getPoints reads Parquet:
 * Query.open, getPointCount and getBlocksForLabel of random labels, getPoints by size stratum and of the largest
 * label. Every answer is checked against the volume's tables: point counts, point checksums and block lists.
 */
final class ScaleQueries {
    private static final QueryOptions NO_POINT_CACHE = QueryOptions.defaults().withCacheBytes(0);
    private static final int LARGEST_LABEL_CALLS = 3;

    private final Query query;
    private final ScaleVolume volume;
    private final ScaleBenchmarkOptions.ReadScale scale;
    private final Verification verification;
    private final ReportTable table;

    /** The ~50-point figures, for the report's targets. */
    record Headlines(double openMillis, double nearFiftyP50Millis, double nearFiftyP95Millis) {
    }

    private ScaleQueries(Query query, ScaleVolume volume, ScaleBenchmarkOptions.ReadScale scale,
            Verification verification, ReportTable table) {
        this.query = query;
        this.volume = volume;
        this.scale = scale;
        this.verification = verification;
        this.table = table;
    }

    static Headlines run(StorageConfig config, String layout, ScaleVolume volume,
            ScaleBenchmarkOptions.ReadScale scale, long seed, Verification verification, Report report) {
        ReportTable table = report.table("Reads, " + layout + " (point cache off)", "call", "labels in range",
                "calls", "mean points", "p50 ms", "p95 ms", "max ms", "points/s");
        table.note("Random labels: getPointCount and getBlocksForLabel uniformly over all labels (so mostly small"
                + " ones); getPoints uniformly within each size range, each label once where the range has enough,"
                + " stopping after " + scale.budgetNanos() / 1e9 + " s of calls. Every answer is checked: counts,"
                + " block lists, and each cloud's size and point checksum.");
        long start = System.nanoTime();
        try (Query query = Query.open(config, NO_POINT_CACHE)) {
            double openMillis = (System.nanoTime() - start) / 1e6;
            table.row("Query.open", "", 1, Double.NaN, openMillis, openMillis, openMillis, Double.NaN);
            ScaleQueries reads = new ScaleQueries(query, volume, scale, verification, table);
            SplittableRandom random = new SplittableRandom(seed);
            reads.warmUp(random);
            reads.lookups(random);
            reads.everyLabel();
            LatencyStats nearFifty = reads.bySize(random);
            return new Headlines(openMillis, nearFifty == null ? Double.NaN : nearFifty.p50Millis(),
                    nearFifty == null ? Double.NaN : nearFifty.p95Millis());
        }
    }

    /** Untimed reads of small labels, so that the measured calls run compiled code. */
    private void warmUp(SplittableRandom random) {
        int[] labels = volume.sampleLabels(SizeStratum.DECADES.get(1), scale.warmUpCalls(), random);
        CallSampler.warmUp(labels.length, i -> query.getPoints(volume.label(labels[i])));
        CallSampler.warmUp(labels.length, i -> query.getPointCount(volume.label(labels[i])));
        CallSampler.warmUp(labels.length, i -> query.getBlocksForLabel(volume.label(labels[i])));
    }

    private void lookups(SplittableRandom random) {
        int[] labels = random.ints(scale.lookupCalls(), 0, volume.labelCount()).toArray();
        List<List<String>> expectedBlocks = volume.blocksOf(labels);
        LatencyStats counts = CallSampler.sample(labels.length, scale.budgetNanos(),
                i -> query.getPointCount(volume.label(labels[i])), (count, i) -> checkCount(labels[i], count));
        LatencyStats blocks = CallSampler.sample(labels.length, scale.budgetNanos(),
                i -> query.getBlocksForLabel(volume.label(labels[i])),
                (list, i) -> checkBlocks(labels[i], expectedBlocks.get(i), list));
        table.row("getPointCount", volume.labelCount(), counts.calls(), Double.NaN, counts.p50Millis(),
                counts.p95Millis(), counts.maxMillis(), Double.NaN);
        table.row("getBlocksForLabel", volume.labelCount(), blocks.calls(), Double.NaN, blocks.p50Millis(),
                blocks.p95Millis(), blocks.maxMillis(), Double.NaN);
    }

    /**
     * Every label twice: as one array ({@code getLabels}), checked against the volume (count, unsigned order, sum),
     * and streamed ({@code streamLabels}), compared with the array label by label as it comes.
     */
    private void everyLabel() {
        long start = System.nanoTime();
        long[] labels = query.getLabels();
        double arrayMillis = (System.nanoTime() - start) / 1e6;
        long expectedSum = 0;
        for (int i = 0; i < volume.labelCount(); i++) {
            expectedSum += volume.label(i);
        }
        long sum = 0;
        int unordered = 0;
        for (int i = 0; i < labels.length; i++) {
            sum += labels[i];
            unordered += i > 0 && Long.compareUnsigned(labels[i - 1], labels[i]) >= 0 ? 1 : 0;
        }
        boolean right = labels.length == volume.labelCount() && sum == expectedSum && unordered == 0;
        verification.check(right, () -> "getLabels() returned " + labels.length + " labels; expected the "
                + volume.labelCount() + " of the volume in unsigned order");
        table.row("getLabels (every label at once)", volume.labelCount(), 1, Double.NaN, arrayMillis, arrayMillis,
                arrayMillis, Double.NaN);

        double streamMillis = StreamedLabels.millis(query, labels, verification);
        table.row("streamLabels (every label, as consumed)", volume.labelCount(), 1, Double.NaN, streamMillis,
                streamMillis, streamMillis, Double.NaN);
    }

    /** One row per size stratum and one for the largest label; returns the ~50-point figures, or null if none. */
    private LatencyStats bySize(SplittableRandom random) {
        List<SizeStratum> strata = new ArrayList<>(SizeStratum.DECADES);
        strata.add(SizeStratum.NEAR_FIFTY);
        LatencyStats nearFifty = null;
        for (SizeStratum stratum : strata) {
            int[] labels = volume.sampleLabels(stratum, scale.stratumCalls(), random);
            long members = IntStream.range(0, volume.labelCount())
                    .filter(i -> stratum.contains(volume.labelSize(i))).count();
            if (labels.length == 0) {
                table.row("getPoints " + stratum.name(), 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN);
                continue;
            }
            LatencyStats stats = getPoints("getPoints " + stratum.name(), members, labels, scale.stratumCalls());
            if (stratum == SizeStratum.NEAR_FIFTY) {
                nearFifty = stats;
            }
        }
        int largest = volume.largestLabel();
        getPoints("getPoints, largest label (" + Long.toUnsignedString(volume.label(largest)) + ")", 1,
                new int[] {largest}, LARGEST_LABEL_CALLS);
        return nearFifty;
    }

    private LatencyStats getPoints(String name, long members, int[] labels, int calls) {
        long[] returned = new long[1];
        LatencyStats stats = CallSampler.sample(calls, scale.budgetNanos(),
                i -> query.getPoints(volume.label(labels[i % labels.length])),
                (points, i) -> {
                    returned[0] += points.size();
                    checkPoints(labels[i % labels.length], points);
                });
        table.row(name, members, stats.calls(), (double) returned[0] / stats.calls(), stats.p50Millis(),
                stats.p95Millis(), stats.maxMillis(), stats.perSecond(returned[0]));
        return stats;
    }

    private void checkCount(int label, long count) {
        verification.check(count == volume.labelSize(label), () -> "getPointCount(" + labelText(label)
                + ") returned " + count + ", expected " + volume.labelSize(label));
    }

    private void checkBlocks(int label, List<String> expected, List<String> blocks) {
        List<String> actual = new ArrayList<>(blocks);
        actual.sort(null);
        verification.check(expected.equals(actual), () -> "getBlocksForLabel(" + labelText(label) + ") returned "
                + blocks.size() + " blocks " + abbreviate(actual) + ", expected " + expected.size() + " "
                + abbreviate(expected));
    }

    private void checkPoints(int label, PointCloud points) {
        checkPoints(verification, volume, label, points);
    }

    /** Checks the cloud against the label's point count and point checksum. */
    static void checkPoints(Verification verification, ScaleVolume volume, int label, PointCloud points) {
        verification.check(points.size() == volume.labelSize(label)
                && PointChecksum.of(points) == volume.labelChecksum(label), () -> "getPoints("
                + labelText(volume, label) + ") returned " + points.size() + " points, expected "
                + volume.labelSize(label)
                + (points.size() == volume.labelSize(label) ? ", but not the generated ones (checksum differs)" : ""));
    }

    private String labelText(int label) {
        return labelText(volume, label);
    }

    private static String labelText(ScaleVolume volume, int label) {
        return Long.toUnsignedString(volume.label(label)) + " (" + volume.labelSize(label) + " pts)";
    }

    private static String abbreviate(List<String> values) {
        return values.size() <= 5 ? values.toString() : values.subList(0, 5) + "...";
    }
}
