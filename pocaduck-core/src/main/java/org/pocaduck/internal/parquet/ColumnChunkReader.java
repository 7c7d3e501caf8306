package org.pocaduck.internal.parquet;

import java.util.function.IntFunction;

/**
 * Decodes a row range of one column chunk into a destination array. It walks the page headers from the chunk's
 * start: pages before the range are stepped over without decompressing, the dictionary page is decompressed only
 * when a page in the range refers to it, and the walk stops at the first page past the range.
 */
final class ColumnChunkReader {
    private final ColumnDescriptor column;
    private final int codec;
    private final long groupFirstRow;
    private final DecodeScratch scratch;
    private final PageValueDecoder values;

    private byte[] chunk;
    private PageHeader dictionaryHeader;
    private int dictionaryPosition;
    private Dictionary dictionary;

    /**
     * @param groupFirstRow file row number of the row group's first row, for naming rows in errors
     */
    ColumnChunkReader(ColumnDescriptor column, int codec, long groupFirstRow, DecodeScratch scratch) {
        this.column = column;
        this.codec = codec;
        this.groupFirstRow = groupFirstRow;
        this.scratch = scratch;
        this.values = new PageValueDecoder(column.type().valueType(), scratch);
    }

    /**
     * Decodes rows [from, to) of the row group (counted from its first row) into {@code dst[dstOffset...]}.
     *
     * @param chunk the chunk's bytes at {@code chunk[offset, offset + length)}, from its first page on
     */
    void read(byte[] chunk, int offset, int length, int from, int to, Object dst, int dstOffset)
            throws ParquetFormatException {
        if (codec != Codec.UNCOMPRESSED && codec != Codec.ZSTD) {
            throw new ParquetFormatException("compression codec " + Codec.name(codec)
                    + " is not supported, only ZSTD and UNCOMPRESSED");
        }
        this.chunk = chunk;
        int position = offset;
        int end = offset + length;
        int pageFirstRow = 0;
        while (pageFirstRow < to) {
            if (position >= end) {
                throw new ParquetFormatException("the column chunk ends after " + pageFirstRow + " rows, before row "
                        + to + " of its row group");
            }
            ThriftCompactReader headerReader = new ThriftCompactReader(chunk, position, end,
                    "the page header at chunk byte " + (position - offset));
            PageHeader header = PageHeader.read(headerReader);
            int body = headerReader.position();
            if (header.compressedSize() > end - body) {
                throw new ParquetFormatException("a page of " + header.compressedSize()
                        + " bytes runs past the end of the column chunk");
            }
            switch (header.type()) {
                case PageHeader.DICTIONARY_PAGE -> {
                    dictionaryHeader = header;
                    dictionaryPosition = body;
                    dictionary = null;
                }
                case PageHeader.DATA_PAGE, PageHeader.DATA_PAGE_V2 -> {
                    int pageEndRow = pageFirstRow + header.numRows();
                    if (pageEndRow > from) {
                        int lo = Math.max(from, pageFirstRow);
                        int hi = Math.min(to, pageEndRow);
                        readDataPage(header, body, lo - pageFirstRow, hi - lo, lo, dst, dstOffset + lo - from);
                    }
                    pageFirstRow = pageEndRow;
                }
                default -> {
                    // Index pages and future page types carry nothing needed here.
                }
            }
            position = body + header.compressedSize();
        }
    }

    /**
     * Decodes {@code count} rows starting {@code skip} rows into the page.
     *
     * @param firstRow the first decoded row, counted from the row group's first row
     */
    private void readDataPage(PageHeader header, int body, int skip, int count, int firstRow, Object dst,
                              int dstOffset) throws ParquetFormatException {
        if (header.numValues() != header.numRows()) {
            throw new ParquetFormatException("a data page of a flat column holds " + header.numValues()
                    + " values for " + header.numRows() + " rows");
        }
        // Before the data page starts decompressing: both go through the one zstd context, a page at a time.
        Dictionary pageDictionary = PageValueDecoder.usesDictionary(header.encoding()) ? loadDictionary() : null;
        DataPage page = header.type() == PageHeader.DATA_PAGE ? v1Page(header, body) : v2Page(header, body);
        int valuesBefore = skip;
        if (page.levels() != null) {
            int maxLevel = column.maxDefinitionLevel();
            valuesBefore = page.levels().count(skip, maxLevel);
            int other = page.levels().indexOfOther(count, maxLevel);
            if (other >= 0) {
                throw new ParquetFormatException("row " + (groupFirstRow + firstRow + other)
                        + " of the file is null (or has a corrupt definition level); only non-null values can be read");
            }
        }
        values.decode(header.encoding(), page.bytes(), page.valuesStart(), valuesBefore, count, pageDictionary, dst,
                dstOffset);
    }

    /**
     * A data page ready to decode: its (possibly still compressed) bytes, where the values start in them, and its
     * definition levels, null if the column has none.
     */
    private record DataPage(PageBytes bytes, int valuesStart, RleBitPackedDecoder levels) {
    }

    /** v1: levels and values compressed together; the levels are prefixed by their length (4 bytes LE). */
    private DataPage v1Page(PageHeader header, int body) throws ParquetFormatException {
        PageBytes page = pageBytes(body, header.compressedSize(), header.uncompressedSize(), true, scratch::pageBuffer);
        if (column.maxDefinitionLevel() == 0) {
            return new DataPage(page, 0, null);
        }
        if (header.definitionLevelEncoding() != Encoding.RLE) {
            throw new ParquetFormatException("definition levels encoded as "
                    + Encoding.name(header.definitionLevelEncoding()) + " are not supported, only RLE");
        }
        page.ensure(4);
        int levelsLength = littleEndianInt(page.array(), page.offset());
        if (levelsLength < 0 || levelsLength > page.size() - 4) {
            throw new ParquetFormatException("definition levels of " + levelsLength + " bytes in a page of "
                    + page.size());
        }
        return new DataPage(page, 4 + levelsLength,
                new RleBitPackedDecoder(page, 4, 4 + levelsLength, levelBitWidth()));
    }

    /** v2: uncompressed repetition then definition levels, unprefixed, then the (maybe compressed) values. */
    private DataPage v2Page(PageHeader header, int body) throws ParquetFormatException {
        int levelBytes = header.repetitionLevelsLength() + header.definitionLevelsLength();
        RleBitPackedDecoder levels = null;
        if (column.maxDefinitionLevel() > 0) {
            PageBytes levelPage = PageBytes.uncompressed(chunk, body + header.repetitionLevelsLength(),
                    header.definitionLevelsLength());
            levels = new RleBitPackedDecoder(levelPage, 0, levelPage.size(), levelBitWidth());
        }
        PageBytes page = pageBytes(body + levelBytes, header.compressedSize() - levelBytes,
                header.uncompressedSize() - levelBytes, header.valuesCompressed(), scratch::pageBuffer);
        return new DataPage(page, 0, levels);
    }

    private Dictionary loadDictionary() throws ParquetFormatException {
        if (dictionary != null) {
            return dictionary;
        }
        PageHeader header = dictionaryHeader;
        if (header == null) {
            throw new ParquetFormatException("a dictionary-encoded page without a dictionary page before it");
        }
        if (header.encoding() != Encoding.PLAIN && header.encoding() != Encoding.PLAIN_DICTIONARY) {
            throw new ParquetFormatException("a dictionary page encoded as " + Encoding.name(header.encoding())
                    + " is not supported, only PLAIN");
        }
        long bytes = (long) header.numValues() * column.type().valueType().width();
        if (bytes > header.uncompressedSize()) {
            throw new ParquetFormatException("a dictionary page of " + header.uncompressedSize() + " bytes cannot hold "
                    + header.numValues() + " entries");
        }
        PageBytes page = pageBytes(dictionaryPosition, header.compressedSize(), header.uncompressedSize(), true,
                scratch::dictionaryBuffer);
        page.ensure((int) bytes);
        dictionary = new Dictionary(page.array(), page.offset(), header.numValues());
        return dictionary;
    }

    private PageBytes pageBytes(int position, int compressedSize, int uncompressedSize, boolean compressed,
                                IntFunction<byte[]> buffers) throws ParquetFormatException {
        if (!compressed || codec == Codec.UNCOMPRESSED) {
            if (compressedSize != uncompressedSize) {
                throw new ParquetFormatException("an uncompressed page with compressed size " + compressedSize
                        + " and uncompressed size " + uncompressedSize);
            }
            return PageBytes.uncompressed(chunk, position, uncompressedSize);
        }
        return ZstdPageBytes.open(scratch.zstd(), chunk, position, compressedSize, uncompressedSize, buffers);
    }

    private int levelBitWidth() {
        return 32 - Integer.numberOfLeadingZeros(column.maxDefinitionLevel());
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
