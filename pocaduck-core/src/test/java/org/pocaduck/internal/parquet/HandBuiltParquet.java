package org.pocaduck.internal.parquet;

import static org.pocaduck.internal.parquet.ThriftCompactReader.BINARY;
import static org.pocaduck.internal.parquet.ThriftCompactReader.I32;
import static org.pocaduck.internal.parquet.ThriftCompactReader.STRUCT;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes single-column (INT64 "v") Parquet files page by page, for the layouts DuckDB does not produce: several pages
 * per chunk, v2 data pages, dictionary and PLAIN pages mixed in one chunk. Every Thrift structure also carries
 * fields the reader does not know, to prove they are skipped.
 */
final class HandBuiltParquet {
    enum PageKind { V1_PLAIN, V1_DICTIONARY, V2_PLAIN, V2_DICTIONARY }

    /** A data page of {@code rows} rows. */
    record Page(int rows, PageKind kind) {
    }

    private final long[] values;
    private final boolean[] nulls;
    private final boolean optional;
    private final boolean zstd;
    private final List<List<Page>> rowGroups = new ArrayList<>();
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();

    /**
     * @param nulls rows that are null, or null for a REQUIRED column
     */
    HandBuiltParquet(long[] values, boolean[] nulls, boolean zstd) {
        this.values = values;
        this.nulls = nulls == null ? new boolean[values.length] : nulls;
        this.optional = nulls != null;
        this.zstd = zstd;
    }

    HandBuiltParquet rowGroup(Page... pages) {
        rowGroups.add(List.of(pages));
        return this;
    }

    void write(Path path) throws IOException {
        file.writeBytes("PAR1".getBytes());
        List<byte[]> chunkMetas = new ArrayList<>();
        int row = 0;
        for (List<Page> pages : rowGroups) {
            int rows = pages.stream().mapToInt(Page::rows).sum();
            chunkMetas.add(writeChunk(pages, row));
            row += rows;
        }
        if (row != values.length) {
            throw new IllegalStateException("pages cover " + row + " rows of " + values.length);
        }
        byte[] footer = footer(chunkMetas);
        file.writeBytes(footer);
        file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.length).array());
        file.writeBytes("PAR1".getBytes());
        Files.write(path, file.toByteArray());
    }

    /** Writes one row group's chunk; returns its serialized ColumnChunk (with the row count appended). */
    private byte[] writeChunk(List<Page> pages, int firstRow) {
        long start = file.size();
        Map<Long, Integer> dictionary = new LinkedHashMap<>();
        int row = firstRow;
        for (Page page : pages) {
            if (page.kind() == PageKind.V1_DICTIONARY || page.kind() == PageKind.V2_DICTIONARY) {
                for (int r = row; r < row + page.rows(); r++) {
                    if (!nulls[r]) {
                        dictionary.putIfAbsent(values[r], dictionary.size());
                    }
                }
            }
            row += page.rows();
        }
        long dictionaryOffset = -1;
        if (!dictionary.isEmpty()) {
            dictionaryOffset = file.size();
            ByteBuffer plain = ByteBuffer.allocate(8 * dictionary.size()).order(ByteOrder.LITTLE_ENDIAN);
            dictionary.keySet().forEach(plain::putLong);
            byte[] body = compress(plain.array());
            ThriftCompactWriter h = pageHeaderStart(PageHeader.DICTIONARY_PAGE, plain.capacity(), body.length);
            h.beginStruct(7).i32(1, dictionary.size()).i32(2, Encoding.PLAIN).bool(3, false).endStruct().endStruct();
            file.writeBytes(h.toByteArray());
            file.writeBytes(body);
        }
        long dataOffset = file.size();
        row = firstRow;
        for (Page page : pages) {
            writePage(page, row, dictionary);
            row += page.rows();
        }
        int rows = row - firstRow;
        ThriftCompactWriter c = new ThriftCompactWriter().beginStruct();
        c.i64(2, 0).beginStruct(3);
        c.i32(1, PhysicalType.INT64.ordinal());
        c.list(2, I32, 2).varint(Encoding.PLAIN << 1).varint(Encoding.RLE_DICTIONARY << 1);
        c.list(3, BINARY, 1).stringValue("v");
        c.i32(4, zstd ? Codec.ZSTD : Codec.UNCOMPRESSED);
        c.i64(5, rows).i64(6, file.size() - start).i64(7, file.size() - start);
        c.list(8, STRUCT, 1).beginStruct().string(1, "k").string(2, "v").endStruct();
        c.i64(9, dataOffset);
        if (dictionaryOffset >= 0) {
            c.i64(11, dictionaryOffset);
        }
        c.beginStruct(12).i64(3, 0).i64(9, 0).endStruct();
        c.beginStruct(99).map(1, BINARY, I32, 1).stringValue("future").varint(2).endStruct();
        c.endStruct();
        c.i64(4, 0).i32(5, 0).endStruct();
        byte[] chunk = c.toByteArray();
        ByteBuffer withRows = ByteBuffer.allocate(chunk.length + 4).put(chunk).putInt(rows);
        return withRows.array();
    }

    private void writePage(Page page, int firstRow, Map<Long, Integer> dictionary) {
        int[] levels = new int[page.rows()];
        List<Long> present = new ArrayList<>();
        for (int i = 0; i < page.rows(); i++) {
            levels[i] = nulls[firstRow + i] ? 0 : 1;
            if (!nulls[firstRow + i]) {
                present.add(values[firstRow + i]);
            }
        }
        boolean dictionaryEncoded = page.kind() == PageKind.V1_DICTIONARY || page.kind() == PageKind.V2_DICTIONARY;
        byte[] encodedValues;
        if (dictionaryEncoded) {
            int[] indices = present.stream().mapToInt(dictionary::get).toArray();
            int bitWidth = 32 - Integer.numberOfLeadingZeros(Math.max(0, dictionary.size() - 1));
            byte[] runs = RleBitPackedEncoder.encode(indices, bitWidth, 8);
            encodedValues = new byte[runs.length + 1];
            encodedValues[0] = (byte) bitWidth;
            System.arraycopy(runs, 0, encodedValues, 1, runs.length);
        } else {
            ByteBuffer plain = ByteBuffer.allocate(8 * present.size()).order(ByteOrder.LITTLE_ENDIAN);
            present.forEach(plain::putLong);
            encodedValues = plain.array();
        }
        byte[] encodedLevels = optional ? RleBitPackedEncoder.encode(levels, 1, 8) : new byte[0];
        int encoding = dictionaryEncoded ? Encoding.RLE_DICTIONARY : Encoding.PLAIN;
        boolean v2 = page.kind() == PageKind.V2_PLAIN || page.kind() == PageKind.V2_DICTIONARY;
        if (!v2) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            if (optional) {
                raw.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(encodedLevels.length).array());
                raw.writeBytes(encodedLevels);
            }
            raw.writeBytes(encodedValues);
            byte[] body = compress(raw.toByteArray());
            ThriftCompactWriter h = pageHeaderStart(PageHeader.DATA_PAGE, raw.size(), body.length);
            h.beginStruct(5).i32(1, page.rows()).i32(2, encoding).i32(3, Encoding.RLE).i32(4, Encoding.RLE);
            h.beginStruct(5).i64(3, 0).endStruct().endStruct().endStruct();
            file.writeBytes(h.toByteArray());
            file.writeBytes(body);
        } else {
            byte[] compressedValues = compress(encodedValues);
            ThriftCompactWriter h = pageHeaderStart(PageHeader.DATA_PAGE_V2,
                    encodedLevels.length + encodedValues.length, encodedLevels.length + compressedValues.length);
            h.beginStruct(8).i32(1, page.rows()).i32(2, page.rows() - present.size()).i32(3, page.rows())
                    .i32(4, encoding).i32(5, encodedLevels.length).i32(6, 0).bool(7, zstd).endStruct().endStruct();
            file.writeBytes(h.toByteArray());
            file.writeBytes(encodedLevels);
            file.writeBytes(compressedValues);
        }
    }

    private ThriftCompactWriter pageHeaderStart(int type, int uncompressedSize, int compressedSize) {
        return new ThriftCompactWriter().beginStruct().i32(1, type).i32(2, uncompressedSize).i32(3, compressedSize)
                .beginStruct(20).string(1, "a field from the future").endStruct();
    }

    private byte[] compress(byte[] raw) {
        return zstd ? Zstd.compress(raw, 3) : raw;
    }

    private byte[] footer(List<byte[]> chunks) {
        ThriftCompactWriter f = new ThriftCompactWriter().beginStruct();
        f.i32(1, 1);
        f.list(2, STRUCT, 2);
        f.beginStruct().string(4, "schema").i32(5, 1).endStruct();
        f.beginStruct().i32(1, PhysicalType.INT64.ordinal()).i32(3, optional ? 1 : 0).string(4, "v")
                .i32(6, 18).beginStruct(10).beginStruct(10).raw(0x13, 64, 0x11).endStruct().endStruct().endStruct();
        f.i64(3, values.length);
        f.list(4, STRUCT, chunks.size());
        for (byte[] chunkWithRows : chunks) {
            ByteBuffer b = ByteBuffer.wrap(chunkWithRows);
            byte[] chunk = new byte[chunkWithRows.length - 4];
            b.get(chunk);
            int rows = b.getInt();
            f.beginStruct().list(1, STRUCT, 1).bytes(chunk).i64(2, 1000).i64(3, rows).i64(6, 1000).endStruct();
        }
        f.list(5, STRUCT, 1).beginStruct().string(1, "writer").string(2, "hand built").endStruct();
        f.string(6, "hand built test writer");
        f.list(7, STRUCT, 1).beginStruct().beginStruct(1).endStruct().endStruct();
        f.beginStruct(42).list(1, ThriftCompactReader.DOUBLE, 1).raw(0, 0, 0, 0, 0, 0, 0, 0).endStruct();
        return f.endStruct().toByteArray();
    }
}
