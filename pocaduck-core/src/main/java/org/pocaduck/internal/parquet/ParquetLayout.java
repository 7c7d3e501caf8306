package org.pocaduck.internal.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.pocaduck.internal.format.ByteReader;
import org.pocaduck.internal.format.ByteWriter;

/**
 * The part of a Parquet footer that {@link ParquetFile#readRows} needs — leaf columns and, for row groups, where each
 * column chunk lies — in a compact, checksummed binary form that an index stores. A reader that has it needs no
 * footer: against object storage a cold read of a small label is then one request for its column chunks instead of a
 * size lookup, a footer read and then the chunks. A layout may describe only some columns and only some row groups
 * (those a set of labels needs): reading rows outside its row groups is refused.
 *
 * <p>Layout, all integers unsigned LEB128 varints: the format byte ({@code 2} when every column chunk has a checksum,
 * {@code 3} for a row-group layout, below, else {@code 1}); the file's row count; the column count, then per column its
 * path (segment count, then each segment as byte length and UTF-8 bytes), its physical type's Thrift id, its maximum
 * definition and repetition levels; the row-group count, then per row group the rows skipped since the end of the
 * previous row group described (0 when the layout holds every group), its row count, and per column its codec's Thrift
 * id, value count, compressed size, data page offset and dictionary page offset plus one (0: none), and in format 2 the
 * CRC-32C of the chunk's bytes (four little-endian bytes); in formats 2 and 3 then the file's tail (its bytes after the
 * last column chunk) as its offset plus one (0: not recorded) and, when recorded, its CRC-32C; finally the CRC-32C of
 * everything before it as four little-endian bytes. Parquet pages carry an optional CRC of their own, which DuckDB does
 * not write.
 *
 * <p>Format 3 is what a label page stores for every file it names, so that the page costs little per file: it
 * describes row groups whose described column chunks lie end to end in column order (as a row group's point columns
 * do), each column with one codec in every group and as many values as its group has rows. After the columns come
 * each column's codec; per row group the rows skipped, its row count, where its first chunk starts minus where the
 * previous group described ended (0 before the first), per column the compressed size and the data page's offset from
 * the chunk's start (0: no dictionary page; else the dictionary page starts the chunk), and the CRC-32C of all the
 * group's chunk bytes, made from the chunks' own checksums ({@link Crc32c}).
 */
final class ParquetLayout {
    /** Column chunks without checksums: layouts read from a footer, and those stored before checksums were kept. */
    private static final int FORMAT_WITHOUT_CHECKSUMS = 1;
    private static final int FORMAT_WITH_CHECKSUMS = 2;
    private static final int FORMAT_OF_ROW_GROUPS = 3;
    private static final int CHECKSUM_BYTES = 4;

    private ParquetLayout() {
    }

    static byte[] encode(FileMetadata metadata) {
        if (fitsRowGroupFormat(metadata.rowGroups())) {
            return encodeRowGroups(metadata);
        }
        boolean checksums = metadata.rowGroups().stream().allMatch(group -> group.chunks().stream()
                .allMatch(ColumnChunkMeta::hasChecksum));
        ByteWriter out = new ByteWriter();
        out.varint(checksums ? FORMAT_WITH_CHECKSUMS : FORMAT_WITHOUT_CHECKSUMS);
        encodeColumns(metadata, out);
        out.varint(metadata.rowGroups().size());
        long end = 0;
        for (RowGroupMeta group : metadata.rowGroups()) {
            out.varint(group.firstRow() - end);
            out.varint(group.numRows());
            end = group.firstRow() + group.numRows();
            for (ColumnChunkMeta chunk : group.chunks()) {
                out.varint(chunk.codec());
                out.varint(chunk.numValues());
                out.varint(chunk.totalCompressedSize());
                out.varint(chunk.dataPageOffset());
                out.varint(chunk.dictionaryPageOffset() < 0 ? 0 : chunk.dictionaryPageOffset() + 1);
                if (checksums) {
                    out.fixed32((int) chunk.checksum());
                }
            }
        }
        if (checksums) {
            encodeTail(metadata.tail(), out);
        }
        return withChecksum(out.toByteArray());
    }

    private static void encodeColumns(FileMetadata metadata, ByteWriter out) {
        out.varint(metadata.numRows());
        out.varint(metadata.columns().size());
        for (ColumnDescriptor column : metadata.columns()) {
            out.varint(column.path().size());
            for (String segment : column.path()) {
                out.string(segment);
            }
            out.varint(column.type().ordinal());
            out.varint(column.maxDefinitionLevel());
            out.varint(column.maxRepetitionLevel());
        }
    }

    private static void encodeTail(FileMetadata.TailChecksum tail, ByteWriter out) {
        out.varint(tail == null ? 0 : tail.offset() + 1);
        if (tail != null) {
            out.fixed32((int) tail.checksum());
        }
    }

    private static byte[] withChecksum(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN).put(body)
                .putInt((int) crc.getValue()).array();
    }

    /**
     * Whether format 3 can describe the layout: every row group has one checksum for its chunks, row groups follow each
     * other in the file, and each column keeps one codec and holds one value per row.
     */
    static boolean fitsRowGroupFormat(List<RowGroupMeta> groups) {
        if (groups.isEmpty()) {
            return false;
        }
        long end = 0;
        for (RowGroupMeta group : groups) {
            if (!group.hasChecksum() || group.start() < end) {
                return false;
            }
            for (int c = 0; c < group.chunks().size(); c++) {
                ColumnChunkMeta chunk = group.chunks().get(c);
                if (chunk.codec() != groups.get(0).chunks().get(c).codec() || chunk.numValues() != group.numRows()) {
                    return false;
                }
            }
            end = group.start() + group.compressedSize();
        }
        return true;
    }

    private static byte[] encodeRowGroups(FileMetadata metadata) {
        ByteWriter out = new ByteWriter();
        out.varint(FORMAT_OF_ROW_GROUPS);
        encodeColumns(metadata, out);
        for (ColumnChunkMeta chunk : metadata.rowGroups().get(0).chunks()) {
            out.varint(chunk.codec());
        }
        out.varint(metadata.rowGroups().size());
        long endRow = 0;
        long endByte = 0;
        for (RowGroupMeta group : metadata.rowGroups()) {
            out.varint(group.firstRow() - endRow);
            out.varint(group.numRows());
            out.varint(group.start() - endByte);
            for (ColumnChunkMeta chunk : group.chunks()) {
                out.varint(chunk.totalCompressedSize());
                out.varint(chunk.dataPageOffset() - chunk.start());
            }
            out.fixed32((int) group.checksum());
            endRow = group.firstRow() + group.numRows();
            endByte = group.start() + group.compressedSize();
        }
        encodeTail(metadata.tail(), out);
        return withChecksum(out.toByteArray());
    }

    /**
     * The CRC-32C of the chunks' bytes when they lie end to end in this order and each has a checksum, else
     * {@link ColumnChunkMeta#NO_CHECKSUM}.
     */
    static long checksumOfAll(List<ColumnChunkMeta> chunks) {
        long checksum = chunks.isEmpty() ? ColumnChunkMeta.NO_CHECKSUM : chunks.get(0).checksum();
        for (int c = 0; c < chunks.size() && checksum != ColumnChunkMeta.NO_CHECKSUM; c++) {
            ColumnChunkMeta chunk = chunks.get(c);
            if (!chunk.hasChecksum() || c > 0 && chunk.start() != chunks.get(c - 1).end()) {
                return ColumnChunkMeta.NO_CHECKSUM;
            }
            if (c > 0) {
                checksum = Crc32c.concatenated(checksum, chunk.checksum(), chunk.totalCompressedSize());
            }
        }
        return checksum;
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
        try {
            return decode(new ByteReader(layout, 0, layout.length - CHECKSUM_BYTES), fileName, fileSize);
        } catch (ByteReader.CorruptRecordException e) {
            throw corrupt(fileName, e.getMessage());
        }
    }

    private static FileMetadata decode(ByteReader in, String fileName, long fileSize)
            throws ParquetFormatException, ByteReader.CorruptRecordException {
        int format = in.count("format");
        if (format != FORMAT_WITHOUT_CHECKSUMS && format != FORMAT_WITH_CHECKSUMS && format != FORMAT_OF_ROW_GROUPS) {
            throw corrupt(fileName, "its format is " + format + ", expected " + FORMAT_WITHOUT_CHECKSUMS + ", "
                    + FORMAT_WITH_CHECKSUMS + " or " + FORMAT_OF_ROW_GROUPS);
        }
        long numRows = in.varint("row count");
        int columnCount = in.itemCount("column count");
        List<ColumnDescriptor> columns = new ArrayList<>(columnCount);
        for (int c = 0; c < columnCount; c++) {
            int segments = in.itemCount("path length");
            List<String> path = new ArrayList<>(segments);
            for (int s = 0; s < segments; s++) {
                path.add(in.string("column name"));
            }
            PhysicalType type = PhysicalType.fromId(in.count("physical type"), "layout of " + fileName);
            columns.add(new ColumnDescriptor(c, List.copyOf(path), type, in.count("definition level"),
                    in.count("repetition level")));
        }
        if (format == FORMAT_OF_ROW_GROUPS && columnCount == 0) {
            throw corrupt(fileName, "it describes row groups of no column");
        }
        int[] codecs = new int[format == FORMAT_OF_ROW_GROUPS ? columnCount : 0];
        for (int c = 0; c < codecs.length; c++) {
            codecs[c] = in.count("codec");
        }
        int groupCount = in.itemCount("row group count");
        List<RowGroupMeta> groups = new ArrayList<>(groupCount);
        long end = 0;
        long endByte = 0;
        for (int g = 0; g < groupCount; g++) {
            long firstRow = end + in.varint("row gap");
            long rows = in.varint("row group size");
            if (rows > Integer.MAX_VALUE || firstRow > numRows - rows) {
                throw corrupt(fileName, "row group " + g + " claims rows [" + firstRow + ", " + (firstRow + rows)
                        + ") of a file of " + numRows);
            }
            RowGroupMeta group = format == FORMAT_OF_ROW_GROUPS
                    ? decodeRowGroup(in, firstRow, (int) rows, codecs, endByte)
                    : decodeColumnChunks(in, firstRow, (int) rows, columnCount, format == FORMAT_WITH_CHECKSUMS);
            for (int c = 0; c < columnCount; c++) {
                ColumnChunkMeta chunk = group.chunks().get(c);
                if (chunk.start() < 4 || chunk.totalCompressedSize() > fileSize - chunk.start()) {
                    throw corrupt(fileName, "column " + columns.get(c).name() + " of row group " + g + " lies at ["
                            + chunk.start() + ", " + (chunk.start() + chunk.totalCompressedSize())
                            + "), outside the file's " + fileSize + " bytes");
                }
            }
            groups.add(group);
            end = firstRow + rows;
            endByte = columnCount == 0 ? endByte : group.chunks().get(columnCount - 1).end();
        }
        FileMetadata.TailChecksum tail = null;
        if (format != FORMAT_WITHOUT_CHECKSUMS) {
            long tailOffset = in.varint("tail offset") - 1;
            if (tailOffset >= 0) {
                if (tailOffset > fileSize) {
                    throw corrupt(fileName, "its tail starts at " + tailOffset + ", past the file's " + fileSize
                            + " bytes");
                }
                tail = new FileMetadata.TailChecksum(tailOffset, in.fixed32("tail checksum") & 0xFFFFFFFFL);
            }
        }
        if (in.remaining() != 0) {
            throw corrupt(fileName, in.remaining() + " bytes follow its last row group");
        }
        return new FileMetadata(numRows, List.copyOf(columns), List.copyOf(groups), tail);
    }

    /** Formats 1 and 2: every column chunk's own numbers (and checksum). */
    private static RowGroupMeta decodeColumnChunks(ByteReader in, long firstRow, int rows, int columnCount,
            boolean checksums) throws ByteReader.CorruptRecordException {
        List<ColumnChunkMeta> chunks = new ArrayList<>(columnCount);
        for (int c = 0; c < columnCount; c++) {
            chunks.add(new ColumnChunkMeta(in.count("codec"), in.varint("value count"), in.varint("compressed size"),
                    in.varint("data page offset"), in.varint("dictionary page offset") - 1,
                    checksums ? in.fixed32("chunk checksum") & 0xFFFFFFFFL : ColumnChunkMeta.NO_CHECKSUM));
        }
        return new RowGroupMeta(firstRow, rows, List.copyOf(chunks));
    }

    /**
     * Format 3: column chunks end to end from where the previous row group described ended plus a gap, and one
     * checksum for all of them.
     */
    private static RowGroupMeta decodeRowGroup(ByteReader in, long firstRow, int rows, int[] codecs,
            long previousEnd) throws ByteReader.CorruptRecordException {
        long gap = in.varint("byte gap");
        if (gap > Long.MAX_VALUE - previousEnd) {
            throw new ByteReader.CorruptRecordException("a row group starts " + gap + " bytes after " + previousEnd);
        }
        List<ColumnChunkMeta> chunks = new ArrayList<>(codecs.length);
        long chunkStart = previousEnd + gap;
        for (int codec : codecs) {
            long size = in.varint("compressed size");
            long dataPage = in.varint("data page offset");
            if (size == 0 || chunkStart > Long.MAX_VALUE - size || dataPage >= size) {
                throw new ByteReader.CorruptRecordException("a column chunk of " + size + " bytes at " + chunkStart
                        + " has its data page " + dataPage + " bytes past its start");
            }
            chunks.add(new ColumnChunkMeta(codec, rows, size, chunkStart + dataPage,
                    dataPage == 0 ? -1 : chunkStart, ColumnChunkMeta.NO_CHECKSUM));
            chunkStart += size;
        }
        return new RowGroupMeta(firstRow, rows, List.copyOf(chunks), in.fixed32("row group checksum") & 0xFFFFFFFFL);
    }

    private static ParquetFormatException corrupt(String fileName, String why) {
        return new ParquetFormatException("the stored layout of " + fileName + " is corrupt: " + why);
    }
}
