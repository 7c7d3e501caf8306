package org.pocaduck.internal.parquet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The part of a Parquet footer that {@link ParquetFile#readRows} needs — the leaf columns and, for every row group,
 * where each column chunk lies — in a compact, checksummed binary form that an index stores next to the file's name.
 * A reader that has it needs no footer: against object storage a cold read of a small label is then one request for
 * its column chunks instead of a size lookup, a footer read and then the chunks.
 *
 * <p>Layout, all integers unsigned LEB128 varints unless noted: the format byte {@code 1}; the file's row count; the
 * column count, then per column its path (segment count, then each segment as byte length and UTF-8 bytes), its
 * physical type's Thrift id, its maximum definition and repetition levels; the row-group count, then per row group its
 * row count and per column its codec's Thrift id, value count, compressed size, data page offset and dictionary page
 * offset plus one (0: none); finally the CRC-32C of everything before it as four little-endian bytes. Row groups
 * follow each other, so each group's first row is the sum of the row counts before it.
 */
final class ParquetLayout {
    private static final int FORMAT = 1;
    private static final int CHECKSUM_BYTES = 4;

    private ParquetLayout() {
    }

    static byte[] encode(FileMetadata metadata) {
        Writer out = new Writer();
        out.varint(FORMAT);
        out.varint(metadata.numRows());
        out.varint(metadata.columns().size());
        for (ColumnDescriptor column : metadata.columns()) {
            out.varint(column.path().size());
            for (String segment : column.path()) {
                byte[] name = segment.getBytes(StandardCharsets.UTF_8);
                out.varint(name.length);
                out.bytes.write(name, 0, name.length);
            }
            out.varint(column.type().ordinal());
            out.varint(column.maxDefinitionLevel());
            out.varint(column.maxRepetitionLevel());
        }
        out.varint(metadata.rowGroups().size());
        for (RowGroupMeta group : metadata.rowGroups()) {
            out.varint(group.numRows());
            for (ColumnChunkMeta chunk : group.chunks()) {
                out.varint(chunk.codec());
                out.varint(chunk.numValues());
                out.varint(chunk.totalCompressedSize());
                out.varint(chunk.dataPageOffset());
                out.varint(chunk.dictionaryPageOffset() < 0 ? 0 : chunk.dictionaryPageOffset() + 1);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.bytes.toByteArray());
        byte[] checksum = ByteBuffer.allocate(CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) crc.getValue()).array();
        out.bytes.write(checksum, 0, CHECKSUM_BYTES);
        return out.bytes.toByteArray();
    }

    /**
     * Decodes a layout and checks it as a footer is checked: every column chunk must lie inside the file's data.
     *
     * @param fileSize the size of the file the layout describes
     * @throws ParquetFormatException if the layout is corrupt or does not fit the file
     */
    static FileMetadata decode(byte[] layout, String fileName, long fileSize) throws ParquetFormatException {
        if (layout.length < CHECKSUM_BYTES + 1) {
            throw corrupt(fileName, "it has only " + layout.length + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(layout, 0, layout.length - CHECKSUM_BYTES);
        int stored = ByteBuffer.wrap(layout, layout.length - CHECKSUM_BYTES, CHECKSUM_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw corrupt(fileName, "its checksum does not match its content");
        }
        Reader in = new Reader(layout, layout.length - CHECKSUM_BYTES, fileName);
        int format = in.count("format");
        if (format != FORMAT) {
            throw corrupt(fileName, "its format is " + format + ", expected " + FORMAT);
        }
        long numRows = in.varint("row count");
        int columnCount = in.count("column count");
        List<ColumnDescriptor> columns = new ArrayList<>(columnCount);
        for (int c = 0; c < columnCount; c++) {
            int segments = in.count("path length");
            List<String> path = new ArrayList<>(segments);
            for (int s = 0; s < segments; s++) {
                path.add(in.string());
            }
            PhysicalType type = PhysicalType.fromId(in.count("physical type"), "layout of " + fileName);
            columns.add(new ColumnDescriptor(c, List.copyOf(path), type, in.count("definition level"),
                    in.count("repetition level")));
        }
        int groupCount = in.count("row group count");
        List<RowGroupMeta> groups = new ArrayList<>(groupCount);
        long firstRow = 0;
        for (int g = 0; g < groupCount; g++) {
            long rows = in.varint("row group size");
            if (rows > Integer.MAX_VALUE) {
                throw corrupt(fileName, "row group " + g + " claims " + rows + " rows");
            }
            List<ColumnChunkMeta> chunks = new ArrayList<>(columnCount);
            for (int c = 0; c < columnCount; c++) {
                ColumnChunkMeta chunk = new ColumnChunkMeta(in.count("codec"), in.varint("value count"),
                        in.varint("compressed size"), in.varint("data page offset"),
                        in.varint("dictionary page offset") - 1);
                if (chunk.start() < 4 || chunk.totalCompressedSize() > fileSize - chunk.start()) {
                    throw corrupt(fileName, "column " + columns.get(c).name() + " of row group " + g + " lies at ["
                            + chunk.start() + ", " + (chunk.start() + chunk.totalCompressedSize())
                            + "), outside the file's " + fileSize + " bytes");
                }
                chunks.add(chunk);
            }
            groups.add(new RowGroupMeta(firstRow, (int) rows, List.copyOf(chunks)));
            firstRow += rows;
        }
        if (firstRow != numRows || in.remaining() != 0) {
            throw corrupt(fileName, "its row groups hold " + firstRow + " rows of the " + numRows + " it declares");
        }
        return new FileMetadata(numRows, List.copyOf(columns), List.copyOf(groups));
    }

    private static ParquetFormatException corrupt(String fileName, String why) {
        return new ParquetFormatException("the stored layout of " + fileName + " is corrupt: " + why);
    }

    private static final class Writer {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void varint(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("a layout holds no negative number, got " + value);
            }
            while ((value & ~0x7FL) != 0) {
                bytes.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes.write((int) value);
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        private final String fileName;
        private int position;

        Reader(byte[] bytes, int end, String fileName) {
            this.bytes = bytes;
            this.end = end;
            this.fileName = fileName;
        }

        long varint(String what) throws ParquetFormatException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw corrupt(fileName, "it ends inside its " + what);
                }
                byte next = bytes[position++];
                value |= (long) (next & 0x7F) << shift;
                if (next >= 0) {
                    if (value < 0) {
                        break;
                    }
                    return value;
                }
            }
            throw corrupt(fileName, "its " + what + " is not a non-negative 63-bit number");
        }

        /** A varint that must fit an int, as counts, ids and levels do. */
        int count(String what) throws ParquetFormatException {
            long value = varint(what);
            if (value > Integer.MAX_VALUE) {
                throw corrupt(fileName, "its " + what + " " + value + " is out of range");
            }
            return (int) value;
        }

        String string() throws ParquetFormatException {
            int length = count("column name length");
            if (length > end - position) {
                throw corrupt(fileName, "a column name runs past its end");
            }
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        int remaining() {
            return end - position;
        }
    }
}
