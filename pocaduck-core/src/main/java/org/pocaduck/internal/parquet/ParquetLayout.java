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
 * else {@code 1}); the file's row count; the column count, then per column its path (segment count, then each segment
 * as byte length and UTF-8 bytes), its physical type's Thrift id, its maximum definition and repetition levels; the
 * row-group count, then per row group the rows skipped since the end of the previous row group described (0 when the
 * layout holds every group), its row count, and per column its codec's Thrift id, value count, compressed size, data
 * page offset and dictionary page offset plus one (0: none), and in format 2 the CRC-32C of the chunk's bytes (four
 * little-endian bytes); in format 2 then the file's tail (its bytes after the last column chunk) as its offset plus
 * one (0: not recorded) and, when recorded, its CRC-32C; finally the CRC-32C of everything before it as four
 * little-endian bytes. Parquet pages carry an optional CRC of their own, which DuckDB does not write.
 */
final class ParquetLayout {
    /** Column chunks without checksums: layouts read from a footer, and those stored before checksums were kept. */
    private static final int FORMAT_WITHOUT_CHECKSUMS = 1;
    private static final int FORMAT_WITH_CHECKSUMS = 2;
    private static final int CHECKSUM_BYTES = 4;

    private ParquetLayout() {
    }

    static byte[] encode(FileMetadata metadata) {
        boolean checksums = metadata.rowGroups().stream().allMatch(group -> group.chunks().stream()
                .allMatch(ColumnChunkMeta::hasChecksum));
        ByteWriter out = new ByteWriter();
        out.varint(checksums ? FORMAT_WITH_CHECKSUMS : FORMAT_WITHOUT_CHECKSUMS);
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
            FileMetadata.TailChecksum tail = metadata.tail();
            out.varint(tail == null ? 0 : tail.offset() + 1);
            if (tail != null) {
                out.fixed32((int) tail.checksum());
            }
        }
        byte[] body = out.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN).put(body)
                .putInt((int) crc.getValue()).array();
    }

    /**
     * The columns named {@code columns} (in that order) of the row groups that hold any row of the given ranges.
     *
     * @throws IllegalArgumentException if a column is missing
     */
    static FileMetadata select(FileMetadata metadata, List<String> columns, long[] rowStarts, int[] rowCounts) {
        List<ColumnDescriptor> selected = new ArrayList<>();
        int[] sources = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            ColumnDescriptor column = null;
            for (ColumnDescriptor candidate : metadata.columns()) {
                if (candidate.name().equals(columns.get(c))) {
                    column = candidate;
                    break;
                }
            }
            if (column == null) {
                throw new IllegalArgumentException("no column " + columns.get(c) + " among " + metadata.columns());
            }
            sources[c] = column.index();
            selected.add(new ColumnDescriptor(c, column.path(), column.type(), column.maxDefinitionLevel(),
                    column.maxRepetitionLevel()));
        }
        // Row groups follow each other in row order: each range's groups are found by binary search, not by testing
        // every group of the file against every range (a file has hundreds of groups, and this runs per page).
        List<RowGroupMeta> all = metadata.rowGroups();
        boolean[] wanted = new boolean[all.size()];
        for (int r = 0; r < rowStarts.length; r++) {
            for (int g = firstGroupEndingAfter(all, rowStarts[r]); g < all.size()
                    && all.get(g).firstRow() < rowStarts[r] + rowCounts[r]; g++) {
                wanted[g] |= rowCounts[r] > 0;
            }
        }
        List<RowGroupMeta> groups = new ArrayList<>();
        for (int g = 0; g < all.size(); g++) {
            RowGroupMeta group = all.get(g);
            if (wanted[g] && group.numRows() > 0) {
                List<ColumnChunkMeta> chunks = new ArrayList<>(sources.length);
                for (int source : sources) {
                    chunks.add(group.chunks().get(source));
                }
                groups.add(new RowGroupMeta(group.firstRow(), group.numRows(), List.copyOf(chunks)));
            }
        }
        return new FileMetadata(metadata.numRows(), List.copyOf(selected), List.copyOf(groups), null);
    }

    /** The first row group whose rows end after {@code row}; groups are in row order. */
    private static int firstGroupEndingAfter(List<RowGroupMeta> groups, long row) {
        int low = 0;
        int high = groups.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            RowGroupMeta group = groups.get(middle);
            if (group.firstRow() + group.numRows() <= row) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
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
        if (format != FORMAT_WITHOUT_CHECKSUMS && format != FORMAT_WITH_CHECKSUMS) {
            throw corrupt(fileName, "its format is " + format + ", expected " + FORMAT_WITHOUT_CHECKSUMS + " or "
                    + FORMAT_WITH_CHECKSUMS);
        }
        boolean checksums = format == FORMAT_WITH_CHECKSUMS;
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
        int groupCount = in.itemCount("row group count");
        List<RowGroupMeta> groups = new ArrayList<>(groupCount);
        long end = 0;
        for (int g = 0; g < groupCount; g++) {
            long firstRow = end + in.varint("row gap");
            long rows = in.varint("row group size");
            if (rows > Integer.MAX_VALUE || firstRow > numRows - rows) {
                throw corrupt(fileName, "row group " + g + " claims rows [" + firstRow + ", " + (firstRow + rows)
                        + ") of a file of " + numRows);
            }
            List<ColumnChunkMeta> chunks = new ArrayList<>(columnCount);
            for (int c = 0; c < columnCount; c++) {
                ColumnChunkMeta chunk = new ColumnChunkMeta(in.count("codec"), in.varint("value count"),
                        in.varint("compressed size"), in.varint("data page offset"),
                        in.varint("dictionary page offset") - 1,
                        checksums ? in.fixed32("chunk checksum") & 0xFFFFFFFFL : ColumnChunkMeta.NO_CHECKSUM);
                if (chunk.start() < 4 || chunk.totalCompressedSize() > fileSize - chunk.start()) {
                    throw corrupt(fileName, "column " + columns.get(c).name() + " of row group " + g + " lies at ["
                            + chunk.start() + ", " + (chunk.start() + chunk.totalCompressedSize())
                            + "), outside the file's " + fileSize + " bytes");
                }
                chunks.add(chunk);
            }
            groups.add(new RowGroupMeta(firstRow, (int) rows, List.copyOf(chunks)));
            end = firstRow + rows;
        }
        FileMetadata.TailChecksum tail = null;
        if (checksums) {
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

    private static ParquetFormatException corrupt(String fileName, String why) {
        return new ParquetFormatException("the stored layout of " + fileName + " is corrupt: " + why);
    }
}
