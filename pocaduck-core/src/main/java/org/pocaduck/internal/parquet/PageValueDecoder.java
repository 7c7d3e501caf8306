package org.pocaduck.internal.parquet;

/**
 * Decodes a run of values from the values section of a data page into a destination array, in each encoding
 * DuckDB writes for fixed-width columns: PLAIN and dictionary (its default writer), DELTA_BINARY_PACKED and
 * BYTE_STREAM_SPLIT (with {@code PARQUET_VERSION v2}).
 */
final class PageValueDecoder {
    private final ValueType type;
    private final DecodeScratch scratch;

    PageValueDecoder(ValueType type, DecodeScratch scratch) {
        this.type = type;
        this.scratch = scratch;
    }

    static boolean usesDictionary(int encoding) {
        return encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY;
    }

    /**
     * Writes values [skip, skip + count) of the section that starts at page position {@code start} and runs to the
     * page's end into {@code dst[dstOffset...]}.
     *
     * @param dictionary the chunk's dictionary if the encoding {@link #usesDictionary uses one}
     */
    void decode(int encoding, PageBytes page, int start, int skip, int count, Dictionary dictionary, Object dst,
                int dstOffset) throws ParquetFormatException {
        switch (encoding) {
            case Encoding.PLAIN -> plain(page, start, skip, count, dst, dstOffset);
            case Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY ->
                    dictionary(page, start, skip, count, dictionary, dst, dstOffset);
            case Encoding.DELTA_BINARY_PACKED -> delta(page, start, skip, count, dst, dstOffset);
            case Encoding.BYTE_STREAM_SPLIT -> byteStreamSplit(page, start, skip, count, dst, dstOffset);
            default -> throw unsupported(encoding);
        }
    }

    private void plain(PageBytes page, int start, int skip, int count, Object dst, int dstOffset)
            throws ParquetFormatException {
        long first = start + (long) skip * type.width();
        long end = first + (long) count * type.width();
        if (end > page.size()) {
            throw new ParquetFormatException("a PLAIN page of " + page.size() + " bytes holds fewer values than its"
                    + " header says");
        }
        page.ensure((int) end);
        type.copyPlain(page.array(), page.offset() + (int) first, dst, dstOffset, count);
    }

    private void dictionary(PageBytes page, int start, int skip, int count, Dictionary dictionary, Object dst,
                            int dstOffset) throws ParquetFormatException {
        page.ensure(start + 1);
        int bitWidth = page.array()[page.offset() + start] & 0xFF;
        RleBitPackedDecoder indices = new RleBitPackedDecoder(page, start + 1, page.size(), bitWidth);
        indices.skip(skip);
        int[] batch = scratch.indices();
        for (int done = 0; done < count; ) {
            int n = Math.min(batch.length, count - done);
            indices.read(batch, 0, n);
            for (int i = 0; i < n; i++) {
                if (Integer.compareUnsigned(batch[i], dictionary.entries()) >= 0) {
                    throw new ParquetFormatException("dictionary index " + Integer.toUnsignedString(batch[i])
                            + " in a dictionary of " + dictionary.entries() + " entries");
                }
            }
            type.gather(dictionary.bytes(), dictionary.offset(), batch, n, dst, dstOffset + done);
            done += n;
        }
    }

    private void delta(PageBytes page, int start, int skip, int count, Object dst, int dstOffset)
            throws ParquetFormatException {
        if (type != ValueType.INT64 && type != ValueType.INT32) {
            throw unsupported(Encoding.DELTA_BINARY_PACKED);
        }
        DeltaBinaryPackedDecoder deltas = new DeltaBinaryPackedDecoder(page, start, page.size());
        deltas.skip(skip);
        if (type == ValueType.INT64) {
            deltas.read((long[]) dst, dstOffset, count);
            return;
        }
        int[] out = (int[]) dst;
        long[] batch = scratch.longs();
        for (int done = 0; done < count; ) {
            int n = Math.min(batch.length, count - done);
            deltas.read(batch, 0, n);
            for (int i = 0; i < n; i++) {
                out[dstOffset + done + i] = (int) batch[i];
            }
            done += n;
        }
    }

    /** K byte streams of N bytes each, K the value width, N the page's value count: byte k of value i is at kN + i. */
    private void byteStreamSplit(PageBytes page, int start, int skip, int count, Object dst, int dstOffset)
            throws ParquetFormatException {
        int sectionLength = page.size() - start;
        if (sectionLength % type.width() != 0 || (long) skip + count > sectionLength / type.width()) {
            throw new ParquetFormatException("a BYTE_STREAM_SPLIT section of " + sectionLength + " bytes cannot hold"
                    + " values up to " + (skip + count) + " of width " + type.width());
        }
        int streamLength = sectionLength / type.width();
        page.ensure(start + (type.width() - 1) * streamLength + skip + count);
        type.copyByteStreamSplit(page.array(), page.offset() + start + skip, streamLength, dst, dstOffset, count);
    }

    private ParquetFormatException unsupported(int encoding) {
        return new ParquetFormatException(type + " values encoded as " + Encoding.name(encoding) + " are not"
                + " supported, only PLAIN, dictionary, DELTA_BINARY_PACKED (integers) and BYTE_STREAM_SPLIT");
    }
}
