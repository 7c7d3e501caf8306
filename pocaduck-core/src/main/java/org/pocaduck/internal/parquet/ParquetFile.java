package org.pocaduck.internal.parquet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The parsed footer of one Parquet file, and row-range reads of its fixed-width columns.
 *
 * <p>It exists because reading a known row range through DuckDB ({@code read_parquet ... WHERE file_row_number
 * BETWEEN}) costs milliseconds even for a few rows: it scans row-group metadata and decodes whole row groups. Here a
 * read touches only the row groups and pages that overlap the range, fetches each needed column chunk with a single
 * {@link ByteSource#read} (one request against object storage) and decompresses a page only as far as the range
 * needs.
 *
 * <p>It reads the subset of Parquet that DuckDB writes for point files: flat columns (required or optional, no
 * nulls in the rows read) of physical type INT32, INT64, FLOAT or DOUBLE; v1 or v2 data pages; PLAIN, dictionary,
 * DELTA_BINARY_PACKED or BYTE_STREAM_SPLIT encoding; ZSTD or no compression. Columns of other types may be present;
 * they are never decoded.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ParquetFile {
    /**
     * The first read of a file's tail. DuckDB footers take about 95 bytes per column chunk, so this covers files of
     * up to some 650 chunks (row groups times columns); larger footers cost a second read.
     */
    private static final int TAIL_READ = 64 * 1024;
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);

    private final String fileName;
    private final FileMetadata metadata;
    private final long[] rowGroupFirstRows;
    private final List<String> columnNames;
    private final Map<String, ColumnDescriptor> columnsByName;
    /**
     * Every column, when a row group has one checksum for all its chunks (a layout of format 3): a read fetches them all
     * to check it. Null otherwise: a read fetches only the columns it decodes.
     */
    private final ColumnDescriptor[] checkedTogether;
    private ParquetFile(String fileName, FileMetadata metadata) {
        this.fileName = fileName;
        this.metadata = metadata;
        this.checkedTogether = metadata.rowGroups().stream().anyMatch(RowGroupMeta::hasChecksum)
                ? metadata.columns().toArray(new ColumnDescriptor[0]) : null;
        this.rowGroupFirstRows = metadata.rowGroups().stream().mapToLong(RowGroupMeta::firstRow).toArray();
        List<String> names = new ArrayList<>();
        Map<String, ColumnDescriptor> byName = new HashMap<>();
        for (ColumnDescriptor column : metadata.columns()) {
            names.add(column.name());
            byName.putIfAbsent(column.name(), column);
        }
        this.columnNames = List.copyOf(names);
        this.columnsByName = Map.copyOf(byName);
    }

    /**
     * Reads and parses the footer: one read of the file's last 64 KiB, and a second one only if the footer is larger.
     *
     * @throws ParquetFormatException if the source does not hold a readable Parquet file
     */
    public static ParquetFile open(ByteSource source) throws IOException {
        String fileName = source.toString();
        long size = source.size();
        if (size < 2L * MAGIC.length + 4) {
            throw new ParquetFormatException(fileName + " is not a Parquet file: it has only " + size + " bytes");
        }
        int tailLength = (int) Math.min(size, TAIL_READ);
        byte[] tail = bytes(read(source, size - tailLength, tailLength));
        if (startsWith(tail, tailLength - MAGIC.length, ENCRYPTED_MAGIC)) {
            throw new ParquetFormatException(fileName + " has an encrypted footer, which is not supported");
        }
        if (!startsWith(tail, tailLength - MAGIC.length, MAGIC)
                || (tailLength == size && !startsWith(tail, 0, MAGIC))) {
            throw new ParquetFormatException(fileName + " is not a Parquet file (or is truncated): it does not start"
                    + " and end with the magic number PAR1");
        }
        long footerLength = ByteBuffer.wrap(tail, tailLength - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()
                & 0xFFFFFFFFL;
        long footerStart = size - 8 - footerLength;
        if (footerStart < MAGIC.length) {
            throw new ParquetFormatException(fileName + " is truncated or corrupt: its footer length " + footerLength
                    + " does not fit a file of " + size + " bytes");
        }
        byte[] footer;
        if (footerLength + 8 <= tailLength) {
            int at = (int) (footerStart - (size - tailLength));
            footer = Arrays.copyOfRange(tail, at, at + (int) footerLength);
        } else {
            footer = bytes(read(source, footerStart, (int) footerLength));
        }
        return new ParquetFile(fileName, FooterParser.parse(footer, fileName, footerStart));
    }

    /**
     * A file whose footer was read before and kept as {@link #layout()}: reading its rows needs no footer read.
     *
     * @param fileSize the file's size, which every column chunk of the layout must lie within
     * @throws ParquetFormatException if the layout is corrupt or does not fit the file
     */
    public static ParquetFile ofLayout(String fileName, byte[] layout, long fileSize) throws ParquetFormatException {
        return new ParquetFile(fileName, ParquetLayout.decode(layout, fileName, fileSize));
    }

    /**
     * The {@link #layout()} of a local Parquet file, read from its footer, with the checksums of its column chunks and
     * of its tail: it reads the whole file.
     */
    public static byte[] layoutOf(Path file) throws IOException {
        try (LocalFileSource source = new LocalFileSource(file)) {
            return open(source).withChecksums(source).layout();
        }
    }

    /** This file's layout with the CRC-32C of every column chunk and of the tail after the last one. */
    private ParquetFile withChecksums(ByteSource source) throws IOException {
        List<RowGroupMeta> groups = new ArrayList<>(metadata.rowGroups().size());
        long dataEnd = MAGIC.length;
        for (RowGroupMeta group : metadata.rowGroups()) {
            List<ColumnChunkMeta> chunks = new ArrayList<>(group.chunks().size());
            for (ColumnChunkMeta chunk : group.chunks()) {
                chunks.add(chunk.withChecksum(crc32c(read(source, chunk.start(),
                        Math.toIntExact(chunk.totalCompressedSize())))));
                dataEnd = Math.max(dataEnd, chunk.end());
            }
            groups.add(new RowGroupMeta(group.firstRow(), group.numRows(), List.copyOf(chunks)));
        }
        long tail = crc32c(read(source, dataEnd, Math.toIntExact(source.size() - dataEnd)));
        return new ParquetFile(fileName, new FileMetadata(metadata.numRows(), metadata.columns(), List.copyOf(groups),
                new FileMetadata.TailChecksum(dataEnd, tail)));
    }

    private static long crc32c(ByteBuffer data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return crc.getValue();
    }

    /** What reading rows needs of the footer, in the compact form {@link #ofLayout} takes. */
    public byte[] layout() {
        return ParquetLayout.encode(metadata);
    }

    /**
     * This file's row groups reduced to {@code columns}, in that order, from which layouts of some of their rows are
     * cut ({@link ColumnRowGroups#layout}).
     *
     * @throws IllegalArgumentException if a column is not in the file
     */
    public ColumnRowGroups rowGroups(List<String> columns) {
        List<ColumnDescriptor> selected = new ArrayList<>(columns.size());
        for (String name : columns) {
            ColumnDescriptor column = columnsByName.get(name);
            if (column == null) {
                throw new IllegalArgumentException("no column " + name + " in " + fileName + "; it has "
                        + columnNames);
            }
            selected.add(column);
        }
        return ColumnRowGroups.of(fileName, metadata, selected);
    }

    /**
     * Layouts of one file merged into one that describes every row group any of them describes.
     *
     * @throws IllegalArgumentException if they do not describe the same columns of files of the same row count
     */
    public static ParquetFile union(List<ParquetFile> layouts) {
        ParquetFile first = layouts.get(0);
        TreeMap<Long, RowGroupMeta> groups = new TreeMap<>();
        for (ParquetFile layout : layouts) {
            if (!layout.metadata.columns().equals(first.metadata.columns())
                    || layout.rowCount() != first.rowCount()) {
                throw new IllegalArgumentException("layouts of " + first.fileName + " disagree: " + layout + " and "
                        + first);
            }
            for (RowGroupMeta group : layout.metadata.rowGroups()) {
                groups.putIfAbsent(group.firstRow(), group);
            }
        }
        return new ParquetFile(first.fileName, new FileMetadata(first.rowCount(), first.metadata.columns(),
                List.copyOf(groups.values()), null));
    }

    /** Whether the row groups this file knows of hold every row of [firstRow, firstRow + count). */
    public boolean covers(long firstRow, long count) {
        if (count == 0) {
            return true;
        }
        if (rowGroupFirstRows.length == 0 || firstRow < 0 || firstRow > rowCount() - count) {
            return false;
        }
        long covered = firstRow;
        long end = firstRow + count;
        for (int g = rowGroupContaining(firstRow); g < rowGroupFirstRows.length && covered < end; g++) {
            RowGroupMeta group = metadata.rowGroups().get(g);
            if (group.firstRow() > covered) {
                return false;
            }
            covered = Math.max(covered, group.firstRow() + group.numRows());
        }
        return covered >= end;
    }

    /** A cache of layouts by file number, bounded by the heap they hold ({@link #retainedBytes()}). */
    public static Cache<Integer, ParquetFile> newCache(long maxBytes) {
        return Caffeine.newBuilder().maximumWeight(maxBytes).weigher((Integer file, ParquetFile layout) ->
                (int) Math.min(Integer.MAX_VALUE, layout.retainedBytes())).build();
    }

    /**
     * About how many bytes of heap this object holds: dominated by one record per column chunk, so a file with many
     * small row groups weighs far more than one with a few large ones.
     */
    public long retainedBytes() {
        long chunks = 0;
        for (RowGroupMeta group : metadata.rowGroups()) {
            chunks += group.chunks().size();
        }
        return 256 + 64L * rowGroupFirstRows.length + 64 * chunks + 128L * columnNames.size();
    }

    /** Rows in the file. */
    public long rowCount() {
        return metadata.numRows();
    }

    public int rowGroupCount() {
        return rowGroupFirstRows.length;
    }

    /** The file row number of the row group's first row. */
    public long rowGroupFirstRow(int rowGroup) {
        return rowGroupFirstRows[rowGroup];
    }

    /** The leaf columns in schema order, named by their dotted path (for flat files, just the column names). */
    public List<String> columnNames() {
        return columnNames;
    }

    /**
     * Reads rows [firstRow, firstRow + count) of the given columns into the destination arrays, starting at
     * dstOffset. destinations[i] is a long[] for INT64, int[] for INT32, float[] for FLOAT, double[] for DOUBLE
     * columns (unsigned logical types are returned as their bits), of sufficient length.
     *
     * <p>Only the row groups and, within them, only the pages that overlap the range are decompressed, and a page
     * only as far as the range needs; each needed column chunk is fetched with one {@code source.read}.
     *
     * @param source the same file this was opened from (it need not be the same {@link ByteSource} instance)
     * @throws IllegalArgumentException if the range is outside the file, a column is unknown or not of a readable
     *                                  type, or a destination has the wrong type or length
     * @throws ParquetFormatException   if the file's data is corrupt, uses an unsupported codec or encoding, or
     *                                  holds a null in the range
     */
    public void readRows(ByteSource source, long firstRow, int count, String[] columns, Object[] destinations,
                         int dstOffset) throws IOException {
        ColumnDescriptor[] targets = checkArguments(firstRow, count, columns, destinations, dstOffset);
        if (count == 0) {
            return;
        }
        if (!covers(firstRow, count)) {
            throw new IllegalArgumentException("rows [" + firstRow + ", " + (firstRow + count) + ") of " + fileName
                    + " lie outside the row groups its layout describes");
        }
        long endRow = firstRow + count;
        List<RowGroupMeta> groups = new ArrayList<>();
        for (int g = rowGroupContaining(firstRow); g < rowGroupFirstRows.length; g++) {
            RowGroupMeta group = metadata.rowGroups().get(g);
            if (group.firstRow() >= endRow) {
                break;
            }
            if (group.numRows() > 0) {
                groups.add(group);
            }
        }
        forEachFetchedGroup(source, groups, targets, (bytes, group, scratch) -> {
            long lo = Math.max(firstRow, group.firstRow());
            long hi = Math.min(endRow, group.firstRow() + group.numRows());
            for (int c = 0; c < targets.length; c++) {
                readChunk(bytes, group, targets[c], (int) (lo - group.firstRow()), (int) (hi - group.firstRow()),
                        destinations[c], dstOffset + (int) (lo - firstRow), scratch);
            }
        });
    }

    /** What is done with each row group's fetched column chunks. */
    private interface FetchedGroupVisitor {
        void visit(ChunkBytes bytes, RowGroupMeta group, DecodeScratch scratch) throws ParquetFormatException;
    }

    /**
     * Fetches the columns' chunks of the row groups, a window of groups at a time, and visits each group. A group with
     * one checksum for all its chunks has all of them fetched and checked before it is visited.
     */
    private void forEachFetchedGroup(ByteSource source, List<RowGroupMeta> groups, ColumnDescriptor[] columns,
                                     FetchedGroupVisitor visitor) throws IOException {
        ColumnDescriptor[] fetched = checkedTogether != null ? checkedTogether : columns;
        DecodeScratch scratch = DecodeScratch.acquire();
        try {
            for (int first = 0, end; first < groups.size(); first = end) {
                end = ChunkBytes.windowEnd(groups, first, fetched);
                List<RowGroupMeta> window = groups.subList(first, end);
                ChunkBytes bytes = ChunkBytes.fetch(source, window, fetched);
                for (RowGroupMeta group : window) {
                    checkChecksum(bytes, group);
                    visitor.visit(bytes, group, scratch);
                }
            }
        } finally {
            scratch.release();
        }
    }

    /** Checks the bytes of a group's chunks, which lie end to end, against the group's CRC-32C, if it has one. */
    private void checkChecksum(ChunkBytes bytes, RowGroupMeta group) throws ParquetFormatException {
        if (!group.hasChecksum()) {
            return;
        }
        CRC32C crc = new CRC32C();
        for (ColumnChunkMeta chunk : group.chunks()) {
            ChunkBytes own = bytes.of(chunk);
            crc.update(own.array, own.offsetOf(chunk), (int) chunk.totalCompressedSize());
        }
        if (crc.getValue() != group.checksum()) {
            throw new ParquetFormatException("cannot read the row group of rows [" + group.firstRow() + ", "
                    + (group.firstRow() + group.numRows()) + ") in " + fileName + ": its bytes [" + group.start() + ", " + (group.start() + group.compressedSize())
                    + ") do not match their CRC-32C checksum (recorded " + Long.toHexString(group.checksum())
                    + ", read " + Long.toHexString(crc.getValue()) + ")");
        }
    }

    /**
     * Checks what describes the file without reading its column chunks: it starts with the magic number, its tail
     * (footer included) matches the checksum this layout recorded, and its footer describes the columns and row groups
     * this layout does.
     *
     * @param source the file this layout describes
     * @throws ParquetFormatException naming the file and what is wrong
     */
    public void checkMetadata(ByteSource source) throws IOException {
        if (!startsWith(bytes(read(source, 0, MAGIC.length)), 0, MAGIC)) {
            throw new ParquetFormatException(fileName + " does not start with the magic number PAR1");
        }
        FileMetadata.TailChecksum tail = metadata.tail();
        if (tail != null) {
            long crc = crc32c(read(source, tail.offset(), Math.toIntExact(source.size() - tail.offset())));
            if (crc != tail.checksum()) {
                throw new ParquetFormatException("the footer of " + fileName + " (bytes " + tail.offset() + " to "
                        + source.size() + ") does not match its CRC-32C checksum (recorded "
                        + Long.toHexString(tail.checksum()) + ", read " + Long.toHexString(crc) + ")");
            }
        }
        FileMetadata footer = open(source).metadata;
        if (footer.numRows() != metadata.numRows() || !footer.columns().equals(metadata.columns())
                || !withoutChecksums(footer.rowGroups()).equals(withoutChecksums(metadata.rowGroups()))) {
            throw new ParquetFormatException("the footer of " + fileName + " describes other columns or row groups"
                    + " than the layout the index recorded for it");
        }
    }

    private static List<RowGroupMeta> withoutChecksums(List<RowGroupMeta> groups) {
        return groups.stream().map(group -> new RowGroupMeta(group.firstRow(), group.numRows(), group.chunks()
                .stream().map(chunk -> chunk.withChecksum(ColumnChunkMeta.NO_CHECKSUM)).toList(),
                ColumnChunkMeta.NO_CHECKSUM)).toList();
    }

    /**
     * Reads every column chunk this layout describes, checks each against its recorded checksum and decodes every
     * page of every column {@link #readRows} can read (the others, such as strings, are only checked).
     *
     * @param source the file this layout describes
     * @throws ParquetFormatException naming the file, column and row group of the first damage found
     */
    public void checkData(ByteSource source) throws IOException {
        ColumnDescriptor[] columns = metadata.columns().toArray(new ColumnDescriptor[0]);
        forEachFetchedGroup(source, metadata.rowGroups(), columns, (bytes, group, scratch) -> {
            for (ColumnDescriptor column : columns) {
                ValueType type = column.type().valueType();
                if (type != null && column.maxRepetitionLevel() == 0) {
                    Object values = Array.newInstance(type.arrayType().getComponentType(), group.numRows());
                    readChunk(bytes, group, column, 0, group.numRows(), values, 0, scratch);
                } else {
                    ColumnChunkMeta chunk = group.chunks().get(column.index());
                    ChunkBytes own = bytes.of(chunk);
                    try {
                        checkChecksum(chunk, own.array, own.offsetOf(chunk));
                    } catch (ParquetFormatException e) {
                        throw chunkFailure(column, group, e);
                    }
                }
            }
        });
    }

    private void readChunk(ChunkBytes bytes, RowGroupMeta group, ColumnDescriptor column, int from, int to,
                           Object dst, int dstOffset, DecodeScratch scratch) throws ParquetFormatException {
        ColumnChunkMeta chunk = group.chunks().get(column.index());
        ChunkBytes own = bytes.of(chunk);
        try {
            checkChecksum(chunk, own.array, own.offsetOf(chunk));
            new ColumnChunkReader(column, chunk.codec(), group.firstRow(), scratch).read(own.array,
                    own.offsetOf(chunk), (int) chunk.totalCompressedSize(), from, to, dst, dstOffset);
        } catch (ParquetFormatException e) {
            throw chunkFailure(column, group, e);
        }
    }

    private ParquetFormatException chunkFailure(ColumnDescriptor column, RowGroupMeta group, ParquetFormatException e) {
        return new ParquetFormatException("cannot read column " + column.name() + " of row group "
                + rowGroupContaining(group.firstRow()) + " in " + fileName + ": " + e.getMessage(), e);
    }

    /**
     * Checks the chunk's bytes against its recorded CRC-32C, if it has one. A read always holds the whole chunk (its
     * page headers are walked from its start), so the whole chunk is checked, however few rows are decoded.
     */
    private static void checkChecksum(ColumnChunkMeta chunk, byte[] array, int offset) throws ParquetFormatException {
        if (!chunk.hasChecksum()) {
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(array, offset, (int) chunk.totalCompressedSize());
        if (crc.getValue() != chunk.checksum()) {
            throw new ParquetFormatException("its bytes [" + chunk.start() + ", " + chunk.end()
                    + ") do not match their CRC-32C checksum (recorded " + Long.toHexString(chunk.checksum())
                    + ", read " + Long.toHexString(crc.getValue()) + ")");
        }
    }

    /**
     * The bytes of the column chunks a read needs, in every row group it spans. They are fetched with one request when
     * they lie close together — in a point file the columns of a row group are neighbours, at most a block id column
     * apart, and row groups follow each other — since against object storage a request costs far more than a few
     * hundred kilobytes more of it. Otherwise each column chunk is fetched on its own.
     */
    private static final class ChunkBytes {
        /** Bytes of unneeded columns worth fetching to save requests. */
        private static final long MAX_GAP_BYTES = 1 << 20;
        /** The most bytes fetched at once: a huge label is read in windows of row groups, not in one array. */
        private static final long WINDOW_BYTES = 64 << 20;

        final byte[] array;
        private final int arrayOffset;
        private final long position;
        private final Map<Long, ChunkBytes> separate;

        private ChunkBytes(byte[] array, int arrayOffset, long position, Map<Long, ChunkBytes> separate) {
            this.array = array;
            this.arrayOffset = arrayOffset;
            this.position = position;
            this.separate = separate;
        }

        /** The end of the window of row groups that starts at {@code first}: at least one group, at most a window. */
        static int windowEnd(List<RowGroupMeta> groups, int first, ColumnDescriptor[] columns) {
            long start = Long.MAX_VALUE;
            for (ColumnDescriptor column : columns) {
                start = Math.min(start, groups.get(first).chunks().get(column.index()).start());
            }
            int end = first + 1;
            while (end < groups.size()) {
                long groupEnd = 0;
                for (ColumnDescriptor column : columns) {
                    ColumnChunkMeta chunk = groups.get(end).chunks().get(column.index());
                    groupEnd = Math.max(groupEnd, chunk.start() + chunk.totalCompressedSize());
                }
                if (groupEnd - start > WINDOW_BYTES) {
                    break;
                }
                end++;
            }
            return end;
        }

        static ChunkBytes fetch(ByteSource source, List<RowGroupMeta> groups, ColumnDescriptor[] columns)
                throws IOException {
            long start = Long.MAX_VALUE;
            long end = 0;
            long needed = 0;
            for (RowGroupMeta group : groups) {
                for (ColumnDescriptor column : columns) {
                    ColumnChunkMeta chunk = group.chunks().get(column.index());
                    start = Math.min(start, chunk.start());
                    end = Math.max(end, chunk.start() + chunk.totalCompressedSize());
                    needed += chunk.totalCompressedSize();
                }
            }
            if (needed == 0) {
                return new ChunkBytes(new byte[0], 0, 0, null);
            }
            if (end - start - needed <= Math.max(MAX_GAP_BYTES, needed) && end - start <= Integer.MAX_VALUE - 8) {
                return of(read(source, start, (int) (end - start)), start);
            }
            Map<Long, ChunkBytes> separate = new HashMap<>();
            for (RowGroupMeta group : groups) {
                for (ColumnDescriptor column : columns) {
                    ColumnChunkMeta chunk = group.chunks().get(column.index());
                    separate.put(chunk.start(), of(read(source, chunk.start(), (int) chunk.totalCompressedSize()),
                            chunk.start()));
                }
            }
            return new ChunkBytes(null, 0, 0, separate);
        }

        private static ChunkBytes of(ByteBuffer data, long position) {
            if (data.hasArray()) {
                return new ChunkBytes(data.array(), data.arrayOffset() + data.position(), position, null);
            }
            return new ChunkBytes(bytes(data), 0, position, null);
        }

        /** Where {@code chunk} starts in {@link #array}; a chunk fetched on its own has its own array. */
        int offsetOf(ColumnChunkMeta chunk) {
            return arrayOffset + (int) (chunk.start() - position);
        }

        ChunkBytes of(ColumnChunkMeta chunk) {
            return separate == null ? this : separate.get(chunk.start());
        }
    }

    private ColumnDescriptor[] checkArguments(long firstRow, int count, String[] columns, Object[] destinations,
                                              int dstOffset) {
        if (firstRow < 0 || count < 0 || firstRow > rowCount() - count) {
            throw new IllegalArgumentException("rows [" + firstRow + ", " + (firstRow + count) + ") are not within the "
                    + rowCount() + " rows of " + fileName);
        }
        if (columns.length != destinations.length) {
            throw new IllegalArgumentException(columns.length + " columns but " + destinations.length
                    + " destinations");
        }
        ColumnDescriptor[] targets = new ColumnDescriptor[columns.length];
        for (int c = 0; c < columns.length; c++) {
            ColumnDescriptor column = columnsByName.get(columns[c]);
            if (column == null) {
                throw new IllegalArgumentException("no column " + columns[c] + " in " + fileName + "; it has "
                        + columnNames);
            }
            ValueType type = column.type().valueType();
            if (type == null || column.maxRepetitionLevel() > 0) {
                throw new IllegalArgumentException("column " + columns[c] + " of " + fileName + " is "
                        + (type == null ? column.type() : "repeated")
                        + "; only flat INT32, INT64, FLOAT and DOUBLE columns can be read");
            }
            Object dst = destinations[c];
            if (dst == null || dst.getClass() != type.arrayType()) {
                throw new IllegalArgumentException("column " + columns[c] + " is " + column.type() + " and needs a "
                        + type.arrayType().getSimpleName() + " destination, not "
                        + (dst == null ? "null" : dst.getClass().getSimpleName()));
            }
            int length = Array.getLength(dst);
            if (dstOffset < 0 || dstOffset > length - count) {
                throw new IllegalArgumentException("destination for column " + columns[c] + " has length " + length
                        + ", too short for " + count + " values at offset " + dstOffset);
            }
            targets[c] = column;
        }
        return targets;
    }

    /** The row group holding {@code row}, skipping empty groups that share its first row number. */
    public int rowGroupContaining(long row) {
        int lo = 0;
        int hi = rowGroupFirstRows.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rowGroupFirstRows[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Reads from the source and checks it kept its contract, since decoding trusts the length. */
    static ByteBuffer read(ByteSource source, long position, int length) throws IOException {
        ByteBuffer data = source.read(position, length);
        if (data.remaining() != length) {
            throw new IOException(source + " returned " + data.remaining() + " bytes for a read of " + length
                    + " at position " + position);
        }
        return data;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return fileName + " (" + rowCount() + " rows in " + rowGroupCount() + " row groups, columns " + columnNames
                + ")";
    }
}
