package org.pocaduck.internal.index;

import java.util.Arrays;
import java.util.List;

/**
 * The chunk rows of a range of labels, in index order (label as unsigned, block id, file, first row), held in
 * primitive arrays with each block as its number in the sorted list of the range's block ids.
 */
public final class LabelChunks {
    private long[] labels = new long[1024];
    private int[] blocks = new int[1024];
    private int[] fileIds = new int[1024];
    private long[] rowStarts = new long[1024];
    private int[] counts = new int[1024];
    private int size;
    private final List<String> blockIds;

    LabelChunks(List<String> blockIds) {
        this.blockIds = List.copyOf(blockIds);
    }

    void add(long label, int block, int fileId, long rowStart, int count) {
        if (size == labels.length) {
            int capacity = size * 2;
            labels = Arrays.copyOf(labels, capacity);
            blocks = Arrays.copyOf(blocks, capacity);
            fileIds = Arrays.copyOf(fileIds, capacity);
            rowStarts = Arrays.copyOf(rowStarts, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
        labels[size] = label;
        blocks[size] = block;
        fileIds[size] = fileId;
        rowStarts[size] = rowStart;
        counts[size] = count;
        size++;
    }

    public int size() {
        return size;
    }

    public long label(int chunk) {
        return labels[chunk];
    }

    /** The chunk's block as a number into {@link #blockIds()}. */
    public int block(int chunk) {
        return blocks[chunk];
    }

    public int fileId(int chunk) {
        return fileIds[chunk];
    }

    public long rowStart(int chunk) {
        return rowStarts[chunk];
    }

    public int count(int chunk) {
        return counts[chunk];
    }

    /** Every block id, by number. */
    public List<String> blockIds() {
        return blockIds;
    }
}
