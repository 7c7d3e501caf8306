package org.pocaduck.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Distinct, non-zero uint64 label ids. Most fit in 40 bits, like the ids of a segmentation service; one in sixteen
 * has the top bit set (at or above 2^63, negative as a Java long), and so does the largest label, so that the
 * unsigned path is exercised by the hottest reads too.
 */
final class LabelIds {
    private static final int HIGH_ID_ONE_IN = 16;
    private static final long LOW_ID_BOUND = 1L << 40;

    private LabelIds() {
    }

    static long[] draw(int count, SplittableRandom random) {
        long[] ids = new long[count];
        do {
            for (int i = 0; i < count; i++) {
                ids[i] = i == 0 || random.nextInt(HIGH_ID_ONE_IN) == 0
                        ? random.nextLong() | Long.MIN_VALUE
                        : random.nextLong(1, LOW_ID_BOUND);
            }
        } while (!allDistinct(ids));
        return ids;
    }

    private static boolean allDistinct(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
