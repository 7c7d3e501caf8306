package org.pocaduck.internal.parquet;

import java.util.Arrays;

/**
 * Decodes Parquet's RLE / bit-packed hybrid encoding, used for definition levels and dictionary indices, from a
 * region of a page. It asks the page for bytes one run at a time, so it never forces decompression beyond the runs it
 * decodes, and it skips values run by run without unpacking them.
 */
final class RleBitPackedDecoder {
    private final PageBytes page;
    private final byte[] bytes;
    private final int end;
    private final int bitWidth;
    private final long mask;
    /** Position in the page of the next run header. */
    private int position;
    /** Values left in the current run. */
    private int remaining;
    private boolean packed;
    /** The repeated value of an RLE run. */
    private int value;
    /** Array index of a bit-packed run's first byte, and the run index of its next value. */
    private int packedStart;
    private int packedIndex;

    /**
     * @param start    page position of the first run header
     * @param end      page position where the encoded data ends
     * @param bitWidth bits per value, 0 to 32
     */
    RleBitPackedDecoder(PageBytes page, int start, int end, int bitWidth) throws ParquetFormatException {
        if (bitWidth < 0 || bitWidth > 32) {
            throw new ParquetFormatException("RLE/bit-packed bit width " + bitWidth + " is outside 0..32");
        }
        this.page = page;
        this.bytes = page.array();
        this.position = start;
        this.end = end;
        this.bitWidth = bitWidth;
        this.mask = Bits.mask(bitWidth);
    }

    /** Skips {@code n} values. */
    void skip(int n) throws ParquetFormatException {
        while (n > 0) {
            if (remaining == 0) {
                nextRun();
            }
            int k = Math.min(n, remaining);
            if (packed) {
                packedIndex += k;
            }
            remaining -= k;
            n -= k;
        }
    }

    /** Reads the next {@code n} values into {@code out[offset...]}. */
    void read(int[] out, int offset, int n) throws ParquetFormatException {
        while (n > 0) {
            if (remaining == 0) {
                nextRun();
            }
            int k = Math.min(n, remaining);
            if (packed) {
                unpack(out, offset, k);
            } else {
                Arrays.fill(out, offset, offset + k, value);
            }
            remaining -= k;
            offset += k;
            n -= k;
        }
    }

    /** Reads the next {@code n} values and returns how many of them equal {@code target}. */
    int count(int n, int target) throws ParquetFormatException {
        int matches = 0;
        while (n > 0) {
            if (remaining == 0) {
                nextRun();
            }
            int k = Math.min(n, remaining);
            if (!packed) {
                matches += value == target ? k : 0;
            } else {
                for (int i = 0; i < k; i++) {
                    matches += packedValue(packedIndex++) == target ? 1 : 0;
                }
            }
            remaining -= k;
            n -= k;
        }
        return matches;
    }

    /**
     * Reads up to the next {@code n} values and returns the index among them of the first that differs from
     * {@code target}, or -1 if all {@code n} equal it. Stops reading at a differing value.
     */
    int indexOfOther(int n, int target) throws ParquetFormatException {
        int seen = 0;
        while (seen < n) {
            if (remaining == 0) {
                nextRun();
            }
            int k = Math.min(n - seen, remaining);
            if (!packed) {
                if (value != target) {
                    return seen;
                }
            } else {
                for (int i = 0; i < k; i++) {
                    if (packedValue(packedIndex + i) != target) {
                        return seen + i;
                    }
                }
                packedIndex += k;
            }
            remaining -= k;
            seen += k;
        }
        return -1;
    }

    private void nextRun() throws ParquetFormatException {
        if (position >= end) {
            throw new ParquetFormatException("RLE/bit-packed data ends before the page's values do");
        }
        page.ensure(Math.min(position + 5, end));
        int header = readHeader();
        if ((header & 1) != 0) {
            long groups = header >>> 1;
            // A writer may cut the last run's padding short; only the values whose bits are present count.
            int length = (int) Math.min(groups * bitWidth, end - position);
            long values = bitWidth == 0 ? groups * 8 : Math.min(groups * 8, (long) length * 8 / bitWidth);
            page.ensure(position + length);
            packed = true;
            packedStart = page.offset() + position;
            packedIndex = 0;
            remaining = (int) Math.min(values, Integer.MAX_VALUE);
            position += length;
        } else {
            int valueBytes = (bitWidth + 7) >>> 3;
            if (position + valueBytes > end) {
                throw new ParquetFormatException("RLE run value extends past the end of its data");
            }
            page.ensure(position + valueBytes);
            int v = 0;
            for (int i = 0; i < valueBytes; i++) {
                v |= (bytes[page.offset() + position + i] & 0xFF) << (8 * i);
            }
            packed = false;
            value = v;
            remaining = header >>> 1;
            position += valueBytes;
        }
    }

    private int readHeader() throws ParquetFormatException {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (position >= end) {
                break;
            }
            byte b = bytes[page.offset() + position++];
            result |= (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new ParquetFormatException("malformed RLE/bit-packed run header");
    }

    private void unpack(int[] out, int offset, int k) {
        byte[] b = bytes;
        int start = packedStart;
        int width = bitWidth;
        long m = mask;
        long bit = (long) packedIndex * width;
        for (int i = 0; i < k; i++, bit += width) {
            out[offset + i] = (int) Bits.get(b, start, bit, width, m);
        }
        packedIndex += k;
    }

    private int packedValue(int index) {
        return (int) Bits.get(bytes, packedStart, (long) index * bitWidth, bitWidth, mask);
    }
}
