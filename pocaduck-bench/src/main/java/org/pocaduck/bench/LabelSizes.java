package org.pocaduck.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Label sizes shaped like a segmentation: a few giant neurons, a long heavy tail, and a crowd of fragments.
 *
 * <p>The five giants take 12%, 10%, 8%, 6% and 4% of all points. Of the other labels, one in five is a fragment of
 * 1 to 9 points and the rest follow a Pareto law (minimum 10 points, exponent 1.1), so the typical label has tens of
 * points while a few reach tens of thousands; no tail label exceeds 2% of the points, so the giants stay the five
 * largest.
 *
 * <p>{@link #drawBounded} keeps that shape for volumes of billions of points while bounding the largest label, so that
 * one label's points still fit in a reader's memory: the giants' 40% is spread over as many giants as that takes.
 */
final class LabelSizes {
    static final double[] GIANT_FRACTIONS = {0.12, 0.10, 0.08, 0.06, 0.04};
    private static final double FRAGMENT_SHARE = 0.2;
    private static final int PARETO_MINIMUM = 10;
    private static final double PARETO_EXPONENT = 1.1;
    private static final int TAIL_CAP_DIVISOR = 50;
    /** The giants' share of all points in {@link #drawBounded}, the same as the five fractions above. */
    private static final double GIANT_SHARE = 0.4;

    private LabelSizes() {
    }

    /** Sizes summing to exactly {@code total}; the first five are the giants. */
    static int[] draw(int total, SplittableRandom random) {
        int[] giants = new int[GIANT_FRACTIONS.length];
        int remaining = total;
        for (int i = 0; i < giants.length; i++) {
            giants[i] = (int) Math.round(total * GIANT_FRACTIONS[i]);
            remaining -= giants[i];
        }
        return appendTail(giants, remaining, total / TAIL_CAP_DIVISOR, random);
    }

    /**
     * Sizes summing to exactly {@code total}, none above {@code maxLabelPoints}: first the giants, at least five,
     * largest first, their sizes falling linearly to about half the largest; then tail labels of at most
     * {@code tailCap} points.
     */
    static int[] drawBounded(long total, int maxLabelPoints, int tailCap, SplittableRandom random) {
        // Giant i weighs 2n - i of the n giants' total weight n(3n + 1)/2, so the largest takes 4/(3n + 1) of
        // the giants' share: n is the least count (at least five) that keeps it within maxLabelPoints.
        double giantPoints = GIANT_SHARE * total;
        int giants = (int) Math.max(GIANT_FRACTIONS.length, Math.ceil((4 * giantPoints / maxLabelPoints - 1) / 3));
        double weights = giants * (3.0 * giants + 1) / 2;
        int[] sizes = new int[giants];
        long remaining = total;
        for (int i = 0; i < giants; i++) {
            sizes[i] = (int) Math.min(maxLabelPoints, Math.floor(giantPoints * (2.0 * giants - i) / weights));
            remaining -= sizes[i];
        }
        return appendTail(sizes, remaining, Math.min(tailCap, maxLabelPoints), random);
    }

    /** Tail labels, as in {@link #draw}, of at most {@code cap} points, summing to exactly {@code total}. */
    static int[] drawTail(long total, int cap, SplittableRandom random) {
        return appendTail(new int[0], total, cap, random);
    }

    private static int[] appendTail(int[] head, long total, int cap, SplittableRandom random) {
        int[] sizes = Arrays.copyOf(head, Math.max(1024, head.length * 2));
        int count = head.length;
        long remaining = total;
        while (remaining > 0) {
            if (count == sizes.length) {
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            sizes[count] = (int) Math.min(remaining, tailSize(random, Math.max(PARETO_MINIMUM, cap)));
            remaining -= sizes[count++];
        }
        return Arrays.copyOf(sizes, count);
    }

    private static int tailSize(SplittableRandom random, int cap) {
        if (random.nextDouble() < FRAGMENT_SHARE) {
            return random.nextInt(1, PARETO_MINIMUM);
        }
        double uniform = 1.0 - random.nextDouble(); // in (0, 1], so the power below is finite
        return (int) Math.min(cap, Math.floor(PARETO_MINIMUM * Math.pow(uniform, -1.0 / PARETO_EXPONENT)));
    }
}
