package org.pocaduck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.pocaduck.PointCloud;
import org.pocaduck.Query;
import org.pocaduck.QueryOptions;
import org.pocaduck.StorageConfig;

/**
 * Read-side measurements on a consolidated dataset, with the point cache off so that every getPoints reads
 * Parquet: first calls after opening, warm index lookups, getPoints by label size, and batch retrieval.
 * Every answer is checked against the generated volume.
 */
final class QueryMeasurements {
    /** Labels whose full point sets are compared coordinate by coordinate, besides the largest and a ~50 one. */
    private static final int CONTENT_CHECKS = 20;
    private static final int LARGEST_SHOWN = 5;

    private final Query query;
    private final SyntheticVolume volume;
    private final MacroBenchmarkOptions.Scale scale;
    private final Verification verification;
    private final SplittableRandom random;

    /** The read figures that have targets. */
    record Headlines(double nearFiftyP50Millis, double nearFiftyP95Millis, double largestPointsPerSecond,
            double pointCountP50Millis) {
    }

    private QueryMeasurements(Query query, SyntheticVolume volume, MacroBenchmarkOptions.Scale scale,
            Verification verification, long seed) {
        this.query = query;
        this.volume = volume;
        this.scale = scale;
        this.verification = verification;
        this.random = new SplittableRandom(seed);
    }

    /** Measures the dataset at {@code config}; {@code layout} names it in the table titles. */
    static Headlines run(StorageConfig config, String layout, SyntheticVolume volume, MacroBenchmarkOptions.Scale scale,
            long seed, Verification verification, Report report) {
        ReportTable first = report.table("First calls after Query.open (cold-ish, cache off), " + layout,
                "call", "label", "ms");
        long start = System.nanoTime();
        try (Query query = Query.open(config, QueryOptions.defaults().withCacheBytes(0))) {
            first.row("Query.open", "", millisSince(start));
            QueryMeasurements measurements = new QueryMeasurements(query, volume, scale, verification, seed);
            measurements.firstCalls(first);
            measurements.warmUp();
            LatencyStats pointCount = measurements.lookups(report.table("Index lookups (warm), " + layout,
                    "call", "calls", "p50 ms", "p95 ms", "max ms"));
            ReportTable getPoints = report.table("getPoints, cache off (warm), " + layout,
                    "labels", "labels in range", "calls", "mean points", "p50 ms", "p95 ms", "max ms", "points/s");
            LatencyStats nearFifty = measurements.bySize(getPoints);
            double largestRate = measurements.largestLabels(getPoints);
            measurements.batches(report.table("Batch retrieval, cache off (warm), " + layout,
                    "call", "labels per call", "calls", "mean points per call", "p50 ms", "labels/s", "points/s"));
            measurements.checkContents();
            return new Headlines(nearFifty == null ? Double.NaN : nearFifty.p50Millis(),
                    nearFifty == null ? Double.NaN : nearFifty.p95Millis(), largestRate, pointCount.p50Millis());
        }
    }

    private void firstCalls(ReportTable table) {
        int small = SizeStratum.labelClosestTo(volume, 50);
        long start = System.nanoTime();
        PointCloud points = query.getPoints(volume.label(small));
        table.row("getPoints", labelText(small), millisSince(start));
        checkSize(small, points);

        int other = random.nextInt(volume.labelCount());
        start = System.nanoTime();
        long count = query.getPointCount(volume.label(other));
        table.row("getPointCount", labelText(other), millisSince(start));
        checkCount(other, count);

        start = System.nanoTime();
        List<String> blocks = query.getBlocksForLabel(volume.label(other));
        table.row("getBlocksForLabel", labelText(other), millisSince(start));
        checkBlocks(other, blocks);

        start = System.nanoTime();
        long[] labels = query.getLabels();
        table.row("getLabels", labels.length + " labels", millisSince(start));
        checkLabels(labels);

        table.row("streamLabels", labels.length + " labels", StreamedLabels.millis(query, labels, verification));
    }

    /** Untimed calls of every kind, so that the measured calls run compiled code. */
    private void warmUp() {
        int[] labels = randomLabelIndices(scale.warmUpCalls());
        CallSampler.warmUp(labels.length, i -> query.getPointCount(volume.label(labels[i])));
        CallSampler.warmUp(labels.length, i -> query.getBlocksForLabel(volume.label(labels[i])));
        int[] smallOnes = SizeStratum.DECADES.get(1).shuffledLabels(volume, random);
        CallSampler.warmUp(Math.min(smallOnes.length, scale.warmUpCalls() / 4),
                i -> query.getPoints(volume.label(smallOnes[i])));
        int[] largest = SizeStratum.largestLabels(volume, 1);
        CallSampler.warmUp(2, i -> query.getPoints(volume.label(largest[0])));
        long[] batch = labelsOf(SizeStratum.randomLabels(volume, scale.batchLabels(), random));
        CallSampler.warmUp(1, i -> query.getPoints(batch));
    }

    /** Returns getPointCount's figures. */
    private LatencyStats lookups(ReportTable table) {
        int[] labels = randomLabelIndices(scale.lookupCalls());
        LatencyStats counts = CallSampler.sample(labels.length, scale.budgetNanos(),
                i -> query.getPointCount(volume.label(labels[i])), (count, i) -> checkCount(labels[i], count));
        LatencyStats blocks = CallSampler.sample(labels.length, scale.budgetNanos(),
                i -> query.getBlocksForLabel(volume.label(labels[i])), (list, i) -> checkBlocks(labels[i], list));
        table.row("getPointCount", counts.calls(), counts.p50Millis(), counts.p95Millis(), counts.maxMillis());
        table.row("getBlocksForLabel", blocks.calls(), blocks.p50Millis(), blocks.p95Millis(), blocks.maxMillis());
        table.note("Random labels, uniformly over all labels (so mostly small ones).");
        return counts;
    }

    /** One row per size range; returns the figures of the ~50-point range, or null if it has no labels. */
    private LatencyStats bySize(ReportTable table) {
        List<SizeStratum> strata = new ArrayList<>(SizeStratum.DECADES);
        strata.add(SizeStratum.NEAR_FIFTY);
        LatencyStats nearFifty = null;
        for (SizeStratum stratum : strata) {
            int[] members = stratum.shuffledLabels(volume, random);
            if (members.length == 0) {
                table.row(stratum.name(), 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
                continue;
            }
            LatencyStats stats = measureGetPoints(stratum.name(), members, scale.stratumCalls(), table);
            if (stratum == SizeStratum.NEAR_FIFTY) {
                nearFifty = stats;
            }
        }
        table.note("Labels are drawn at random within each size range (lower bound inclusive) and cycled when a "
                + "range has fewer labels than calls; a range stops early after "
                + scale.budgetNanos() / 1_000_000_000.0 + " s of calls. points/s = points returned / time "
                + "spent in getPoints.");
        return nearFifty;
    }

    /** One row for each of the largest labels; returns the largest one's size / median time. */
    private double largestLabels(ReportTable table) {
        double largestPointsPerSecond = Double.NaN;
        int[] largest = SizeStratum.largestLabels(volume, LARGEST_SHOWN);
        for (int rank = 0; rank < largest.length; rank++) {
            int label = largest[rank];
            String name = "#" + (rank + 1) + " largest: " + labelText(label) + ", "
                    + volume.blocksOfLabel(label).size() + " blocks";
            LatencyStats stats = measureGetPoints(name, new int[] {label}, scale.largestLabelCalls(), table);
            if (rank == 0) {
                largestPointsPerSecond = volume.labelSize(label) / (stats.p50Millis() / 1e3);
            }
        }
        return largestPointsPerSecond;
    }

    private LatencyStats measureGetPoints(String name, int[] members, int calls, ReportTable table) {
        long[] returned = new long[1];
        LatencyStats stats = CallSampler.sample(calls, scale.budgetNanos(),
                i -> query.getPoints(volume.label(members[i % members.length])),
                (points, i) -> {
                    returned[0] += points.size();
                    checkSize(members[i % members.length], points);
                });
        table.row(name, members.length, stats.calls(), (double) returned[0] / stats.calls(), stats.p50Millis(),
                stats.p95Millis(), stats.maxMillis(), stats.perSecond(returned[0]));
        return stats;
    }

    /** Batch retrieval against the same labels fetched one call at a time. */
    private void batches(ReportTable table) {
        int[][] batches = new int[scale.batchRepeats()][];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = SizeStratum.randomLabels(volume, scale.batchLabels(), random);
        }
        LatencyStats batch = CallSampler.sample(batches.length, scale.budgetNanos(),
                b -> query.getPoints(labelsOf(batches[b])), (clouds, b) -> checkBatch(batches[b], clouds));
        LatencyStats single = CallSampler.sample(batch.calls(), Long.MAX_VALUE, b -> {
            for (int label : batches[b]) {
                query.getPoints(volume.label(label));
            }
            return null;
        }, (ignored, b) -> { });
        int calls = batch.calls();
        int labelsPerCall = batches[0].length;
        long points = Arrays.stream(batches, 0, calls).flatMapToInt(Arrays::stream).mapToLong(volume::labelSize).sum();
        long labels = (long) labelsPerCall * calls;
        table.row("getPoints(long[])", labelsPerCall, calls, (double) points / calls, batch.p50Millis(),
                batch.perSecond(labels), batch.perSecond(points));
        table.row("getPoints(long) per label, same labels", labelsPerCall, calls, (double) points / calls,
                single.p50Millis(), single.perSecond(labels), single.perSecond(points));
        table.note("Each call asks for distinct labels drawn uniformly from all labels; "
                + "p50 ms is per call of " + labelsPerCall + " labels.");
    }

    /** Compares full point sets: a few random labels, the ~50-point label of the target, and the largest label. */
    private void checkContents() {
        int[] labels = SizeStratum.randomLabels(volume, CONTENT_CHECKS, random);
        for (int label : labels) {
            verification.checkPoints(volume, label, query.getPoints(volume.label(label)));
        }
        int small = SizeStratum.labelClosestTo(volume, 50);
        verification.checkPoints(volume, small, query.getPoints(volume.label(small)));
        int largest = SizeStratum.largestLabels(volume, 1)[0];
        verification.checkPoints(volume, largest, query.getPoints(volume.label(largest)));
    }

    private void checkSize(int label, PointCloud points) {
        verification.check(points.size() == volume.labelSize(label), () -> "getPoints(" + labelText(label)
                + ") returned " + points.size() + " points, expected " + volume.labelSize(label));
    }

    private void checkCount(int label, long count) {
        verification.check(count == volume.labelSize(label), () -> "getPointCount(" + labelText(label)
                + ") returned " + count + ", expected " + volume.labelSize(label));
    }

    private void checkBlocks(int label, List<String> blocks) {
        List<String> expected = new ArrayList<>(volume.blocksOfLabel(label));
        List<String> actual = new ArrayList<>(blocks);
        expected.sort(null);
        actual.sort(null);
        verification.check(expected.equals(actual), () -> "getBlocksForLabel(" + labelText(label) + ") returned "
                + blocks.size() + " blocks " + abbreviate(actual) + ", expected " + expected.size() + " "
                + abbreviate(expected));
    }

    private void checkLabels(long[] labels) {
        long[] expected = labelsOf(IntStream.range(0, volume.labelCount()).toArray());
        sortUnsigned(expected);
        verification.check(Arrays.equals(expected, labels), () -> "getLabels() returned " + labels.length
                + " labels; expected the " + expected.length + " generated labels sorted as unsigned");
    }

    private void checkBatch(int[] labels, Map<Long, PointCloud> clouds) {
        verification.check(clouds.size() == labels.length, () -> "getPoints(long[" + labels.length + "]) returned "
                + clouds.size() + " entries");
        for (int label : labels) {
            PointCloud cloud = clouds.get(volume.label(label));
            verification.check(cloud != null && cloud.size() == volume.labelSize(label),
                    () -> "getPoints(long[]) returned " + (cloud == null ? "no entry" : cloud.size() + " points")
                            + " for " + labelText(label) + ", expected " + volume.labelSize(label) + " points");
        }
    }

    private static void sortUnsigned(long[] values) {
        // Flipping the sign bit maps unsigned order onto signed order.
        for (int i = 0; i < values.length; i++) {
            values[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(values);
        for (int i = 0; i < values.length; i++) {
            values[i] ^= Long.MIN_VALUE;
        }
    }

    private int[] randomLabelIndices(int count) {
        return random.ints(count, 0, volume.labelCount()).toArray();
    }

    private long[] labelsOf(int[] labelIndices) {
        return Arrays.stream(labelIndices).mapToLong(volume::label).toArray();
    }

    private String labelText(int labelIndex) {
        return Long.toUnsignedString(volume.label(labelIndex)) + " (" + volume.labelSize(labelIndex) + " pts)";
    }

    private static String abbreviate(List<String> values) {
        return values.size() <= 5 ? values.toString() : values.subList(0, 5) + "...";
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
