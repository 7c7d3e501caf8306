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
 */
final class LabelSizes {
    static final double[] GIANT_FRACTIONS = {0.12, 0.10, 0.08, 0.06, 0.04};
    private static final double FRAGMENT_SHARE = 0.2;
    private static final int PARETO_MINIMUM = 10;
    private static final double PARETO_EXPONENT = 1.1;
    private static final int TAIL_CAP_DIVISOR = 50;

    private LabelSizes() {
    }

    /** Sizes summing to exactly {@code total}; the first five are the giants. */
    static int[] draw(int total, SplittableRandom random) {
        int[] sizes = new int[1024];
        int count = 0;
        int remaining = total;
        for (double fraction : GIANT_FRACTIONS) {
            sizes[count] = (int) Math.round(total * fraction);
            remaining -= sizes[count++];
        }
        int tailCap = Math.max(PARETO_MINIMUM, total / TAIL_CAP_DIVISOR);
        while (remaining > 0) {
            if (count == sizes.length) {
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            sizes[count] = Math.min(remaining, tailSize(random, tailCap));
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
