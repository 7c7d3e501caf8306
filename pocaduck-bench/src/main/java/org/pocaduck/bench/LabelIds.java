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

    /**
     * Draws every id, then draws again only the ids that repeat an earlier one: with millions of labels some 40-bit
     * ids collide in every draw, so drawing all of them again would never end.
     */
    static long[] draw(int count, SplittableRandom random) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = drawOne(i, random);
        }
        for (int[] repeats = repeatedPositions(ids); repeats.length > 0; repeats = repeatedPositions(ids)) {
            for (int position : repeats) {
                ids[position] = drawOne(position, random);
            }
        }
        return ids;
    }

    private static long drawOne(int position, SplittableRandom random) {
        return position == 0 || random.nextInt(HIGH_ID_ONE_IN) == 0
                ? random.nextLong() | Long.MIN_VALUE
                : random.nextLong(1, LOW_ID_BOUND);
    }

    /** Positions whose id an earlier position already has, in increasing order. */
    private static int[] repeatedPositions(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        long[] repeated = new long[16];
        int repeatedCount = 0;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1] && (repeatedCount == 0 || repeated[repeatedCount - 1] != sorted[i])) {
                if (repeatedCount == repeated.length) {
                    repeated = Arrays.copyOf(repeated, repeatedCount * 2);
                }
                repeated[repeatedCount++] = sorted[i];
            }
        }
        if (repeatedCount == 0) {
            return new int[0];
        }
        long[] values = Arrays.copyOf(repeated, repeatedCount);
        boolean[] seen = new boolean[repeatedCount];
        int[] positions = new int[ids.length];
        int positionCount = 0;
        for (int i = 0; i < ids.length; i++) {
            int value = Arrays.binarySearch(values, ids[i]);
            if (value >= 0) {
                if (seen[value]) {
                    positions[positionCount++] = i;
                }
                seen[value] = true;
            }
        }
        return Arrays.copyOf(positions, positionCount);
    }
}
