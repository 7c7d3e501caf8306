package org.pocaduck.bench;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * Labels whose size lies in [{@code minPoints}, {@code maxPointsExclusive}): read latency depends mostly on size,
 * so it is measured per stratum.
 */
record SizeStratum(String name, int minPoints, int maxPointsExclusive) {
    /** Decades of label size, from fragments to giants. */
    static final List<SizeStratum> DECADES = List.of(
            new SizeStratum("1–10", 1, 10),
            new SizeStratum("10–100", 10, 100),
            new SizeStratum("100–1k", 100, 1_000),
            new SizeStratum("1k–10k", 1_000, 10_000),
            new SizeStratum("10k–100k", 10_000, 100_000),
            new SizeStratum("≥100k", 100_000, Integer.MAX_VALUE));
    /** The "about 50 points" label of the latency target. */
    static final SizeStratum NEAR_FIFTY = new SizeStratum("~50 (40–60)", 40, 61);

    /** Adds the table of how many labels and points each decade of label size holds. */
    static void addSizeTable(Report report, int labelCount, IntUnaryOperator labelSize, long totalPoints) {
        ReportTable sizes = report.table("Label sizes", "points per label", "labels", "points", "% of points");
        for (SizeStratum stratum : DECADES) {
            long labels = 0;
            long points = 0;
            for (int i = 0; i < labelCount; i++) {
                if (stratum.contains(labelSize.applyAsInt(i))) {
                    labels++;
                    points += labelSize.applyAsInt(i);
                }
            }
            sizes.row(stratum.name(), labels, points, 100.0 * points / totalPoints);
        }
    }

    boolean contains(int size) {
        return size >= minPoints && size < maxPointsExclusive;
    }

    /** The stratum's label indices in random order. */
    int[] shuffledLabels(SyntheticVolume volume, SplittableRandom random) {
        int[] members = IntStream.range(0, volume.labelCount()).filter(i -> contains(volume.labelSize(i))).toArray();
        shuffle(members, random);
        return members;
    }

    /** {@code count} distinct label indices drawn uniformly from the whole volume (all of them if it has fewer). */
    static int[] randomLabels(SyntheticVolume volume, int count, SplittableRandom random) {
        int[] all = IntStream.range(0, volume.labelCount()).toArray();
        shuffle(all, random);
        return Arrays.copyOf(all, Math.min(count, all.length));
    }

    /** Label indices from the largest label down. */
    static int[] largestLabels(SyntheticVolume volume, int count) {
        return IntStream.range(0, volume.labelCount()).boxed()
                .sorted((a, b) -> Integer.compare(volume.labelSize(b), volume.labelSize(a)))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }

    /** The label index whose size is nearest to {@code size} (the first such label). */
    static int labelClosestTo(SyntheticVolume volume, int size) {
        int best = 0;
        for (int i = 1; i < volume.labelCount(); i++) {
            if (Math.abs(volume.labelSize(i) - size) < Math.abs(volume.labelSize(best) - size)) {
                best = i;
            }
        }
        return best;
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
