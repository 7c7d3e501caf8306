package org.pocaduck.internal.io;

import java.util.Arrays;

/**
 * The buffered points that go into one part file, as pieces in file order: each piece is a contiguous run of the
 * buffer holding points of one (label, block).
 */
public final class FileSlice {
    private final PointBuffer buffer;
    private long[] labels = new long[256];
    private int[] blocks = new int[256];
    private int[] starts = new int[256];
    private int[] lengths = new int[256];
    private int pieces;
    private long points;

    FileSlice(PointBuffer buffer) {
        this.buffer = buffer;
    }

    void add(long label, int block, int start, int length) {
        if (pieces == labels.length) {
            int capacity = pieces * 2;
            labels = Arrays.copyOf(labels, capacity);
            blocks = Arrays.copyOf(blocks, capacity);
            starts = Arrays.copyOf(starts, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
        labels[pieces] = label;
        blocks[pieces] = block;
        starts[pieces] = start;
        lengths[pieces] = length;
        pieces++;
        points += length;
    }

    /** Points in this file. */
    public long points() {
        return points;
    }

    int pieces() {
        return pieces;
    }

    long label(int piece) {
        return labels[piece];
    }

    String blockId(int piece) {
        return buffer.blockId(blocks[piece]);
    }

    int start(int piece) {
        return starts[piece];
    }

    int length(int piece) {
        return lengths[piece];
    }

    PointBuffer buffer() {
        return buffer;
    }

    /**
     * The index rows of this file: one per (label, block), with its first row in the file, its point count and the
     * bounds of every column.
     */
    public ChunkRows chunkRows() {
        int dimensions = buffer.dimensions();
        ChunkRows rows = new ChunkRows(dimensions);
        long row = 0;
        int piece = 0;
        while (piece < pieces) {
            int end = piece + 1;
            while (end < pieces && labels[end] == labels[piece] && blocks[end] == blocks[piece]) {
                end++;
            }
            double[] bounds = rows.add(labels[piece], buffer.blockId(blocks[piece]), row);
            int base = rows.currentBoundsBase();
            long count = 0;
            for (int p = piece; p < end; p++) {
                for (int d = 0; d < dimensions; d++) {
                    buffer.column(d).extendBounds(starts[p], starts[p] + lengths[p], bounds, base + 2 * d);
                }
                count += lengths[p];
            }
            rows.setCount(count);
            row += count;
            piece = end;
        }
        return rows;
    }
}
