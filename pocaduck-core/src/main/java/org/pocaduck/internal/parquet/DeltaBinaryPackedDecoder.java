package org.pocaduck.internal.parquet;

/**
 * Decodes DELTA_BINARY_PACKED integers, the encoding DuckDB's Parquet v2 writer uses for INT32 and INT64 columns,
 * from a region of a page. Each value is the previous one plus a delta, so reaching value k means summing the k
 * deltas before it: {@link #skip} sums without storing, and the page is asked only for the miniblocks reached.
 * Arithmetic wraps in two's complement, as the format requires; INT32 values are the low 32 bits.
 */
final class DeltaBinaryPackedDecoder {
    /** Far above what writers use (128 to 1024 values), low enough that sizes below cannot overflow an int. */
    private static final int MAX_BLOCK_SIZE = 1 << 24;

    private final PageBytes page;
    private final byte[] bytes;
    private final int end;
    private final int miniblocksPerBlock;
    private final int valuesPerMiniblock;
    private final long totalValues;
    /** Page position of the next block header or miniblock. */
    private int position;
    /** Values produced (read or skipped) so far, the header's first value included. */
    private long produced;
    /** The last value produced, or the first value before any. */
    private long last;
    private long minDelta;
    /** Page position of the current block's miniblock bit widths. */
    private int widthsPosition;
    /** Index of the current miniblock in its block. */
    private int miniblock;
    /** Array index of the current miniblock's packed deltas, their width, and the next delta's index among them. */
    private int miniblockStart;
    private int width;
    private long mask;
    private int indexInMiniblock;

    DeltaBinaryPackedDecoder(PageBytes page, int start, int end) throws ParquetFormatException {
        this.page = page;
        this.bytes = page.array();
        this.position = start;
        this.end = end;
        long blockSize = readVarint();
        long miniblocks = readVarint();
        totalValues = readVarint();
        last = zigzag(readVarint());
        if (blockSize <= 0 || blockSize > MAX_BLOCK_SIZE || miniblocks <= 0 || blockSize % miniblocks != 0
                || totalValues < 0) {
            throw new ParquetFormatException("DELTA_BINARY_PACKED header with block size " + blockSize + ", "
                    + miniblocks + " miniblocks, " + totalValues + " values");
        }
        miniblocksPerBlock = (int) miniblocks;
        valuesPerMiniblock = (int) (blockSize / miniblocks);
        miniblock = miniblocksPerBlock - 1;
        indexInMiniblock = valuesPerMiniblock;
    }

    /** Reads the next {@code n} values into {@code out[offset...]}. */
    void read(long[] out, int offset, int n) throws ParquetFormatException {
        checkAvailable(n);
        if (n > 0 && produced == 0) {
            out[offset++] = last;
            produced = 1;
            n--;
        }
        while (n > 0) {
            if (indexInMiniblock == valuesPerMiniblock) {
                nextMiniblock();
            }
            int k = Math.min(n, valuesPerMiniblock - indexInMiniblock);
            byte[] b = bytes;
            int start = miniblockStart;
            int w = width;
            long m = mask;
            long delta = minDelta;
            long value = last;
            long bit = (long) indexInMiniblock * w;
            for (int i = 0; i < k; i++, bit += w) {
                value += delta + Bits.get(b, start, bit, w, m);
                out[offset + i] = value;
            }
            last = value;
            indexInMiniblock += k;
            produced += k;
            offset += k;
            n -= k;
        }
    }

    /** Skips the next {@code n} values. */
    void skip(int n) throws ParquetFormatException {
        checkAvailable(n);
        if (n > 0 && produced == 0) {
            produced = 1;
            n--;
        }
        while (n > 0) {
            if (indexInMiniblock == valuesPerMiniblock) {
                nextMiniblock();
            }
            int k = Math.min(n, valuesPerMiniblock - indexInMiniblock);
            long sum = (long) k * minDelta;
            if (width > 0) {
                byte[] b = bytes;
                int start = miniblockStart;
                int w = width;
                long m = mask;
                long bit = (long) indexInMiniblock * w;
                for (int i = 0; i < k; i++, bit += w) {
                    sum += Bits.get(b, start, bit, w, m);
                }
            }
            last += sum;
            indexInMiniblock += k;
            produced += k;
            n -= k;
        }
    }

    private void checkAvailable(int n) throws ParquetFormatException {
        if (n > totalValues - produced) {
            throw new ParquetFormatException("DELTA_BINARY_PACKED data holds " + totalValues + " values; "
                    + (produced + n) + " are needed");
        }
    }

    private void nextMiniblock() throws ParquetFormatException {
        if (++miniblock == miniblocksPerBlock) {
            minDelta = zigzag(readVarint());
            if (position + miniblocksPerBlock > end) {
                throw new ParquetFormatException("DELTA_BINARY_PACKED block header runs past the end of the page");
            }
            page.ensure(position + miniblocksPerBlock);
            widthsPosition = position;
            position += miniblocksPerBlock;
            miniblock = 0;
        }
        width = bytes[page.offset() + widthsPosition + miniblock] & 0xFF;
        if (width > 64) {
            throw new ParquetFormatException("DELTA_BINARY_PACKED miniblock of bit width " + width);
        }
        // Only the last miniblock holding values may be cut short, but must still hold those values.
        long valuesLeft = Math.min(valuesPerMiniblock, totalValues - produced);
        int needed = (int) ((valuesLeft * width + 7) >>> 3);
        if (needed > end - position) {
            throw new ParquetFormatException("DELTA_BINARY_PACKED miniblock runs past the end of the page");
        }
        page.ensure(position + needed);
        miniblockStart = page.offset() + position;
        position += valuesPerMiniblock / 8 * width;
        mask = Bits.mask(width);
        indexInMiniblock = 0;
    }

    private long readVarint() throws ParquetFormatException {
        page.ensure(Math.min(position + 10, end));
        long value = 0;
        for (int shift = 0; shift < 64 && position < end; shift += 7) {
            byte b = bytes[page.offset() + position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new ParquetFormatException("malformed varint in DELTA_BINARY_PACKED data");
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }
}
