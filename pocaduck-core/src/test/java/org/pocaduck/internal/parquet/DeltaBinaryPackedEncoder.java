package org.pocaduck.internal.parquet;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Writes DELTA_BINARY_PACKED for tests, with the liberties the format grants writers and readers must accept:
 * arbitrary padding bits in the last miniblock and arbitrary bit widths for unused miniblocks.
 */
final class DeltaBinaryPackedEncoder {
    private DeltaBinaryPackedEncoder() {
    }

    /**
     * @param int32 encode as INT32: deltas wrap at 32 bits and fit 32-bit widths
     */
    static byte[] encode(long[] values, int blockSize, int miniblocks, boolean int32, Random garbage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        uleb(out, blockSize);
        uleb(out, miniblocks);
        uleb(out, values.length);
        uleb(out, zigzag(values.length == 0 ? 0 : values[0]));
        int perMiniblock = blockSize / miniblocks;
        for (int blockStart = 1; blockStart < values.length; blockStart += blockSize) {
            int deltas = Math.min(blockSize, values.length - blockStart);
            long[] delta = new long[deltas];
            long min = Long.MAX_VALUE;
            for (int j = 0; j < deltas; j++) {
                long d = values[blockStart + j] - values[blockStart + j - 1];
                delta[j] = int32 ? (int) d : d;
                min = Math.min(min, delta[j]);
            }
            uleb(out, zigzag(min));
            int[] widths = new int[miniblocks];
            for (int m = 0; m < miniblocks; m++) {
                long max = 0;
                for (int j = m * perMiniblock; j < Math.min(deltas, (m + 1) * perMiniblock); j++) {
                    long relative = int32 ? (delta[j] - min) & 0xFFFFFFFFL : delta[j] - min;
                    max = Long.compareUnsigned(relative, max) > 0 ? relative : max;
                }
                boolean used = m * perMiniblock < deltas;
                widths[m] = used ? 64 - Long.numberOfLeadingZeros(max) : garbage.nextInt(256);
                out.write(widths[m]);
            }
            for (int m = 0; m * perMiniblock < deltas; m++) {
                long buffer = 0;
                int bits = 0;
                for (int j = m * perMiniblock; j < (m + 1) * perMiniblock; j++) {
                    long relative = j < deltas ? delta[j] - min : garbage.nextLong();
                    relative &= Bits.mask(widths[m]) & (int32 ? 0xFFFFFFFFL : -1L);
                    // Emit the value's bits, low first, through a 64-bit buffer that may overflow into a carry.
                    for (int written = 0; written < widths[m]; ) {
                        int take = Math.min(widths[m] - written, 8 - bits);
                        buffer |= ((relative >>> written) & ((1L << take) - 1)) << bits;
                        bits += take;
                        written += take;
                        if (bits == 8) {
                            out.write((int) buffer);
                            buffer = 0;
                            bits = 0;
                        }
                    }
                }
            }
        }
        return out.toByteArray();
    }

    private static long zigzag(long n) {
        return (n << 1) ^ (n >> 63);
    }

    private static void uleb(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
