package org.pocaduck.internal.index;

/**
 * Where one label's points are: for each file it lives in, the contiguous row range it occupies, in the order the
 * points are returned (files in consolidation order).
 *
 * @param fileIds   consolidated file numbers
 * @param rowStarts first row of the label in each file
 * @param rowCounts rows of the label in each file
 */
public record LabelRanges(int[] fileIds, long[] rowStarts, int[] rowCounts) {
    public static final LabelRanges NONE = new LabelRanges(new int[0], new long[0], new int[0]);

    public int files() {
        return fileIds.length;
    }

    /** Points in all. */
    public long points() {
        long points = 0;
        for (int count : rowCounts) {
            points += count;
        }
        return points;
    }
}
