package org.pocaduck.internal.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads little-endian bit-packed values, the packing both RLE/bit-packed and delta encodings use. */
final class Bits {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bits() {
    }

    /** The mask of the low {@code width} bits, for widths 0 to 64. */
    static long mask(int width) {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /**
     * The {@code width}-bit value (0 to 64 bits) whose lowest bit is bit {@code bitOffset} after {@code bytes[start]}.
     * Bytes past the end of the array read as zeros, so a caller need not know whether the value is near the end.
     */
    static long get(byte[] bytes, int start, long bitOffset, int width, long mask) {
        int at = start + (int) (bitOffset >>> 3);
        int shift = (int) bitOffset & 7;
        long value = word(bytes, at) >>> shift;
        if (shift + width > 64) {
            value |= (at + 8 < bytes.length ? bytes[at + 8] & 0xFFL : 0) << (64 - shift);
        }
        return value & mask;
    }

    private static long word(byte[] bytes, int at) {
        if (at + Long.BYTES <= bytes.length) {
            return (long) LONGS.get(bytes, at);
        }
        long word = 0;
        for (int i = 0; i < Long.BYTES && at + i < bytes.length; i++) {
            word |= (bytes[at + i] & 0xFFL) << (8 * i);
        }
        return word;
    }
}
