package org.pocaduck.internal.parquet;

import java.io.ByteArrayOutputStream;

/**
 * Writes Parquet's RLE / bit-packed hybrid encoding for tests, choosing runs the way a writer might: repeats of at
 * least {@code minRepeat} become RLE runs, everything else bit-packed groups of 8.
 */
final class RleBitPackedEncoder {
    private RleBitPackedEncoder() {
    }

    static byte[] encode(int[] values, int bitWidth, int minRepeat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < values.length) {
            int repeat = 1;
            while (i + repeat < values.length && values[i + repeat] == values[i]) {
                repeat++;
            }
            if (repeat >= minRepeat) {
                varint(out, (long) repeat << 1);
                for (int b = 0; b < (bitWidth + 7) / 8; b++) {
                    out.write(values[i] >>> (8 * b));
                }
                i += repeat;
            } else {
                // Bit-pack up to the next long repeat, in whole groups of 8; only the last run is zero-padded.
                int stop = i;
                while (stop < values.length && !repeatsFrom(values, stop, minRepeat)) {
                    stop++;
                }
                int groups = Math.max(1, (stop - i + 7) / 8);
                varint(out, (long) groups << 1 | 1);
                long buffer = 0;
                int bits = 0;
                for (int k = 0; k < groups * 8; k++) {
                    long v = i + k < values.length ? values[i + k] & 0xFFFFFFFFL : 0;
                    buffer |= v << bits;
                    bits += bitWidth;
                    while (bits >= 8) {
                        out.write((int) buffer);
                        buffer >>>= 8;
                        bits -= 8;
                    }
                }
                i += Math.min(groups * 8, values.length - i);
            }
        }
        return out.toByteArray();
    }

    private static boolean repeatsFrom(int[] values, int start, int minRepeat) {
        if (start + minRepeat > values.length) {
            return false;
        }
        for (int k = 1; k < minRepeat; k++) {
            if (values[start + k] != values[start]) {
                return false;
            }
        }
        return true;
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
