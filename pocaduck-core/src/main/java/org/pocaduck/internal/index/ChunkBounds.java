package org.pocaduck.internal.index;

import org.pocaduck.internal.format.ByteReader;
import org.pocaduck.internal.format.ByteWriter;

/**
 * Per-column bounds of a run of index entries (chunks, or a label's chunks in one block), as label and block pages
 * store them: {@code min[entry * columns + c]} and {@code max[...]}, doubles as the indexes record them.
 *
 * <p>Encoding, per column: a mode varint, then the column's bounds of every entry. Mode 0 when every bound of the
 * column is an integer of at most 2^53 in magnitude (coordinates, nearly always): per entry the zigzag varint of the
 * difference between its minimum and the previous entry's (0 before the first), then its maximum minus its minimum as
 * a varint. Mode 1 otherwise: per entry the minimum and maximum as 8-byte little-endian IEEE doubles.
 */
record ChunkBounds(int columns, double[] min, double[] max) {
    private static final double EXACT_INTEGERS = 0x1p53;

    static ChunkBounds allocate(int entries, int columns) {
        return new ChunkBounds(columns, new double[entries * columns], new double[entries * columns]);
    }

    int entries() {
        return columns == 0 ? 0 : min.length / columns;
    }

    /** Whether the entry may have a point inside the filter's box. */
    boolean mayIntersect(int entry, BoxFilter filter) {
        return filter.mayIntersect(min, max, entry * columns);
    }

    /** Whether the entry surely has a point inside the filter's box. */
    boolean surelyInside(int entry, BoxFilter filter) {
        return filter.surelyHasPointInside(min, max, entry * columns);
    }

    void encode(ByteWriter out) {
        int entries = entries();
        for (int c = 0; c < columns; c++) {
            boolean integral = true;
            for (int e = 0; e < entries && integral; e++) {
                integral = isExactInteger(min[e * columns + c]) && isExactInteger(max[e * columns + c])
                        && max[e * columns + c] >= min[e * columns + c];
            }
            out.varint(integral ? 0 : 1);
            long previous = 0;
            for (int e = 0; e < entries; e++) {
                double low = min[e * columns + c];
                double high = max[e * columns + c];
                if (integral) {
                    long value = (long) low;
                    long step = value - previous;
                    out.unsignedVarint((step << 1) ^ (step >> 63)).varint((long) high - value);
                    previous = value;
                } else {
                    out.fixed64(Double.doubleToRawLongBits(low)).fixed64(Double.doubleToRawLongBits(high));
                }
            }
        }
    }

    private static boolean isExactInteger(double value) {
        return Math.abs(value) <= EXACT_INTEGERS && value == Math.rint(value);
    }

    static ChunkBounds decode(ByteReader in, int entries, int columns) throws ByteReader.CorruptRecordException {
        ChunkBounds bounds = allocate(entries, columns);
        for (int c = 0; c < columns; c++) {
            long mode = in.varint("bounds mode");
            if (mode > 1) {
                throw new ByteReader.CorruptRecordException("bounds of column " + c + " have mode " + mode
                        + "; expected 0 or 1");
            }
            long previous = 0;
            for (int e = 0; e < entries; e++) {
                int at = e * columns + c;
                if (mode == 0) {
                    long zigzag = in.unsignedVarint("bound");
                    long value = previous + ((zigzag >>> 1) ^ -(zigzag & 1));
                    long extent = in.varint("bound extent");
                    if (Math.abs(value) > (long) EXACT_INTEGERS || extent > 2 * (long) EXACT_INTEGERS) {
                        throw new ByteReader.CorruptRecordException("bounds of column " + c + " run from " + value
                                + " by " + extent + ", beyond 2^53");
                    }
                    bounds.min[at] = value;
                    bounds.max[at] = value + extent;
                    previous = value;
                } else {
                    bounds.min[at] = Double.longBitsToDouble(in.fixed64("bound"));
                    bounds.max[at] = Double.longBitsToDouble(in.fixed64("bound"));
                }
            }
        }
        return bounds;
    }
}
