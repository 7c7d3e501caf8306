package org.pocaduck.internal.io;

import java.util.Arrays;

/**
 * Index rows of one part file: for each (label, block) chunk its first row, point count and per-column bounds
 * (min and max of every column, stored as doubles rounded outwards so a bound never excludes a point).
 */
public final class ChunkRows {
    private final int dimensions;
    private long[] labels = new long[256];
    private String[] blockIds = new String[256];
    private long[] rowStarts = new long[256];
    private long[] counts = new long[256];
    private double[] bounds;
    private int size;

    ChunkRows(int dimensions) {
        this.dimensions = dimensions;
        bounds = new double[256 * 2 * dimensions];
    }

    /** Starts a row; returns the bounds array, whose row part starts at {@link #currentBoundsBase()}. */
    double[] add(long label, String blockId, long rowStart) {
        if (size == labels.length) {
            int capacity = size * 2;
            labels = Arrays.copyOf(labels, capacity);
            blockIds = Arrays.copyOf(blockIds, capacity);
            rowStarts = Arrays.copyOf(rowStarts, capacity);
            counts = Arrays.copyOf(counts, capacity);
            bounds = Arrays.copyOf(bounds, capacity * 2 * dimensions);
        }
        labels[size] = label;
        blockIds[size] = blockId;
        rowStarts[size] = rowStart;
        int base = size * 2 * dimensions;
        for (int d = 0; d < dimensions; d++) {
            bounds[base + 2 * d] = Double.POSITIVE_INFINITY;
            bounds[base + 2 * d + 1] = Double.NEGATIVE_INFINITY;
        }
        size++;
        return bounds;
    }

    void setCount(long count) {
        counts[size - 1] = count;
    }

    /** Grows the last row by {@code more} points; returns the bounds array, the row's part at {@link #currentBoundsBase()}. */
    double[] extendLast(long more) {
        counts[size - 1] += more;
        return bounds;
    }

    /** Offset of the current row's bounds in the array {@link #add} returned. */
    int currentBoundsBase() {
        return (size - 1) * 2 * dimensions;
    }

    public int size() {
        return size;
    }

    public int dimensions() {
        return dimensions;
    }

    public long label(int row) {
        return labels[row];
    }

    public String blockId(int row) {
        return blockIds[row];
    }

    public long rowStart(int row) {
        return rowStarts[row];
    }

    public long count(int row) {
        return counts[row];
    }

    public double min(int row, int d) {
        return bounds[row * 2 * dimensions + 2 * d];
    }

    public double max(int row, int d) {
        return bounds[row * 2 * dimensions + 2 * d + 1];
    }
}
