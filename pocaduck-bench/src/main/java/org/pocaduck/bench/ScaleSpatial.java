package org.pocaduck.bench;

import java.util.SplittableRandom;
import org.pocaduck.Box;
import org.pocaduck.PointCloud;
import org.pocaduck.Query;
import org.pocaduck.QueryOptions;
import org.pocaduck.StorageConfig;

/**
 * Spatial reads of a {@link ScaleVolume}'s dataset with the point cache off: the largest label's points in a box of
 * 1% of its extent's volume, against reading the whole label and filtering it; and the labels in boxes of 256³
 * voxels, warm. Answers are checked against a brute-force filter of whole labels.
 */
final class ScaleSpatial {
    private static final QueryOptions NO_POINT_CACHE = QueryOptions.defaults().withCacheBytes(0);
    /** The box's share of the label's extent, in volume: its edges are the cube root of it. */
    private static final double BOX_SHARE = 0.01;
    private static final int BOX_CALLS = 9;
    /** Untimed calls first, so that the timed ones run compiled code. */
    private static final int WARM_UP_CALLS = 100;
    private static final int REGION_EDGE = 256;
    private static final int REGIONS = 20;
    /** Regions whose exact answer is checked by reading every candidate label whole. */
    private static final int CHECKED_REGIONS = 3;

    /** The figures the targets are about. */
    record Headlines(double bytesPercent, double speedup, double regionP50Millis, double regionMaxMillis) {
    }

    private ScaleSpatial() {
    }

    static Headlines run(StorageConfig config, String layout, ScaleVolume volume, long seed,
            Verification verification, Report report) {
        ReportTable table = report.table("Spatial reads, " + layout + " (point cache off)", "call", "calls",
                "mean points", "p50 ms", "p95 ms", "max ms", "bytes read per call");
        table.note("Box: 1% of the volume of the largest label's extent, centred on one of its points. Bytes read:"
                + " rchar of /proc/self/io (every read call of the process) during one warm call. Regions: "
                + REGION_EDGE + "³-voxel boxes at random places in the volume, each asked once cold, then timed"
                + " warm; the first " + CHECKED_REGIONS + " checked against whole labels filtered.");
        try (Query query = Query.open(config, NO_POINT_CACHE)) {
            long label = volume.label(volume.largestLabel());
            PointCloud whole = query.getPoints(label);
            Box box = boxAround(whole, seed);
            long expected = inside(whole, box);

            CallSampler.warmUp(WARM_UP_CALLS, i -> query.getPoints(label, box));
            ProcessIo before = ProcessIo.now();
            query.getPoints(label, box);
            long boxBytes = ProcessIo.now().since(before).readCalls();
            LatencyStats inBox = CallSampler.sample(BOX_CALLS, Long.MAX_VALUE, i -> query.getPoints(label, box),
                    (points, i) -> verification.check(points.size() == expected, () -> "getPoints(" + label
                            + ", " + box + ") returned " + points.size() + " points; the filter finds " + expected));
            CallSampler.warmUp(WARM_UP_CALLS, i -> inside(query.getPoints(label), box));
            before = ProcessIo.now();
            query.getPoints(label);
            long wholeBytes = ProcessIo.now().since(before).readCalls();
            LatencyStats filtered = CallSampler.sample(BOX_CALLS, Long.MAX_VALUE,
                    i -> inside(query.getPoints(label), box), (count, i) -> verification.check(count == expected,
                            () -> "the filter found " + count + " points in " + box + ", then " + expected));
            table.row("getPoints(largest label, box), " + box, inBox.calls(), (double) expected, inBox.p50Millis(),
                    inBox.p95Millis(), inBox.maxMillis(), boxBytes);
            table.row("getPoints(largest label) and a filter", filtered.calls(), (double) expected,
                    filtered.p50Millis(), filtered.p95Millis(), filtered.maxMillis(), wholeBytes);

            LatencyStats regions = regions(query, volume, new SplittableRandom(seed + 1), verification, table);
            return new Headlines(100.0 * boxBytes / wholeBytes, filtered.p50Millis() / inBox.p50Millis(),
                    regions.p50Millis(), regions.maxMillis());
        }
    }

    private static LatencyStats regions(Query query, ScaleVolume volume, SplittableRandom random,
            Verification verification, ReportTable table) {
        long edge = (long) volume.blocksPerAxis() * ScaleVolume.BLOCK_EDGE;
        Box[] boxes = new Box[REGIONS];
        long[] found = new long[2];
        for (int i = 0; i < REGIONS; i++) {
            double[] min = new double[3];
            double[] max = new double[3];
            for (int d = 0; d < 3; d++) {
                min[d] = random.nextLong(Math.max(1, edge - REGION_EDGE));
                max[d] = min[d] + REGION_EDGE;
            }
            boxes[i] = Box.of(min, max);
            long[] exact = query.getLabels(boxes[i]);
            query.getLabelsPossiblyInBox(boxes[i]);
            if (i < CHECKED_REGIONS) {
                check(query, boxes[i], exact, verification);
            }
        }
        LatencyStats candidates = CallSampler.sample(REGIONS, Long.MAX_VALUE,
                i -> query.getLabelsPossiblyInBox(boxes[i]), (labels, i) -> found[1] += labels.length);
        LatencyStats exact = CallSampler.sample(REGIONS, Long.MAX_VALUE, i -> query.getLabels(boxes[i]),
                (labels, i) -> found[0] += labels.length);
        table.row("getLabels(" + REGION_EDGE + "³ box), warm", exact.calls(), (double) found[0] / exact.calls(),
                exact.p50Millis(), exact.p95Millis(), exact.maxMillis(), Double.NaN);
        table.row("getLabelsPossiblyInBox(" + REGION_EDGE + "³ box), warm", candidates.calls(),
                (double) found[1] / candidates.calls(), candidates.p50Millis(), candidates.p95Millis(),
                candidates.maxMillis(), Double.NaN);
        return exact;
    }

    /** The exact labels are those candidates whose whole points, filtered, leave any. */
    private static void check(Query query, Box box, long[] exact, Verification verification) {
        long[] candidates = query.getLabelsPossiblyInBox(box);
        java.util.List<Long> expected = new java.util.ArrayList<>();
        query.getPoints(candidates).forEach((label, points) -> {
            if (inside(points, box) > 0) {
                expected.add(label);
            }
        });
        expected.sort(Long::compareUnsigned);
        verification.check(java.util.Arrays.equals(exact, expected.stream().mapToLong(Long::longValue).toArray()),
                () -> "getLabels(" + box + ") returned " + exact.length + " labels; filtering the points of its "
                        + candidates.length + " candidates finds " + expected.size());
    }

    /**
     * A box of {@link #BOX_SHARE} of the extent's volume, centred on a random point of the cloud: the one whose values
     * hash lowest under the seed, so that the same box is chosen whatever order the layout returns the points in.
     */
    private static Box boxAround(PointCloud points, long seed) {
        double[] low = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] high = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < points.size(); i++) {
            for (int d = 0; d < 3; d++) {
                low[d] = Math.min(low[d], points.getDouble(i, d));
                high[d] = Math.max(high[d], points.getDouble(i, d));
            }
        }
        int centre = 0;
        long lowest = -1;
        for (int i = 0; i < points.size(); i++) {
            long hash = seed;
            for (int d = 0; d < 3; d++) {
                hash = mix(hash ^ points.getLong(i, d));
            }
            if (Long.compareUnsigned(hash, lowest) < 0 || hash == lowest && before(points, i, centre)) {
                lowest = hash;
                centre = i;
            }
        }
        double scale = Math.cbrt(BOX_SHARE);
        double[] min = new double[3];
        double[] max = new double[3];
        for (int d = 0; d < 3; d++) {
            double half = Math.max(1, Math.floor((high[d] - low[d] + 1) * scale / 2));
            min[d] = points.getDouble(centre, d) - half;
            max[d] = points.getDouble(centre, d) + half;
        }
        return Box.of(min, max);
    }

    /** SplitMix64's finalizer: every bit of the result depends on every bit of the value. */
    private static long mix(long value) {
        long z = (value + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Whether point {@code a} comes before point {@code b} in (x, y, z) order. */
    private static boolean before(PointCloud points, int a, int b) {
        for (int d = 0; d < 3; d++) {
            int order = Long.compare(points.getLong(a, d), points.getLong(b, d));
            if (order != 0) {
                return order < 0;
            }
        }
        return false;
    }

    /** How many of the points lie in the box (min inclusive, max exclusive): a tight loop over the int64 columns. */
    private static long inside(PointCloud points, Box box) {
        java.nio.LongBuffer[] columns = new java.nio.LongBuffer[3];
        for (int d = 0; d < 3; d++) {
            columns[d] = points.longColumn(d);
        }
        long count = 0;
        for (int i = 0; i < points.size(); i++) {
            boolean in = true;
            for (int d = 0; d < 3 && in; d++) {
                long value = columns[d].get(i);
                in = value >= box.min(d) && value < box.max(d);
            }
            count += in ? 1 : 0;
        }
        return count;
    }
}
