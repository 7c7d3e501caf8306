package org.pocaduck.internal.index;

import com.github.luben.zstd.Zstd;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.pocaduck.internal.format.ByteWriter;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.FailureReason;
import org.pocaduck.internal.parquet.ColumnRowGroups;
import org.pocaduck.internal.parquet.ParquetFile;

/**
 * Writes a generation's {@link LabelIndex} from its DuckDB index: DuckDB sorts and counts, this streams the sorted
 * chunks into pages. Memory holds one page, plus the row groups of every part file (about 23 KB for a file of 4
 * million points, 60 MB for the 2,500 files of 10^10 points; see {@link ColumnRowGroups}).
 */
public final class LabelIndexWriter {
    /**
     * A page is closed once its encoding passes this size: about 9 KB compressed, one cheap read that, with a small
     * label's rows, stays within 64 KB cold. Larger pages share each file's header and layout among more labels (at
     * 10^8 points in 25 ingested files, 20 KB pages would make the label index 1.3% smaller but cold reads 2.5 KB
     * larger).
     */
    private static final int PAGE_TARGET_BYTES = 16 * 1024;
    /**
     * The most children of a node; above it another level of directory nodes is written. The top node then stays
     * under about 60 KB, within the first read of the file's tail.
     */
    private static final int NODE_CHILDREN = 2048;
    private static final int ZSTD_LEVEL = 3;
    /** The temporary table that holds the chunks sorted by block while the block directory is written. */
    private static final String BLOCK_ORDER = "label_index_block_order";

    /** Reads the footer of a part file whose layout the index does not hold (one indexed before layouts were kept). */
    public interface FooterReader {
        ParquetFile read(String path) throws IOException;
    }

    private final Connection duck;
    private final String alias;
    private final List<String> pointColumns;
    private final FooterReader footers;
    private final String[] paths;
    private final long[] sizes;
    private final LabelTotals.Sink labelTotals;
    private final int pageTargetBytes;
    private final int nodeChildren;
    /** Each file's row groups of the point columns: from its stored layout, or from its footer once a page names it. */
    private final ColumnRowGroups[] rowGroups;
    private final List<LabelIndex.Child> pages = new ArrayList<>();
    private OutputStream out;
    private long position;

    private LabelIndexWriter(Connection duck, String alias, List<String> pointColumns, FooterReader footers,
            String[] paths, long[] sizes, ColumnRowGroups[] rowGroups, LabelTotals.Sink labels, int pageTargetBytes,
            int nodeChildren) {
        this.labelTotals = labels;
        this.pageTargetBytes = pageTargetBytes;
        this.nodeChildren = nodeChildren;
        this.duck = duck;
        this.alias = alias;
        this.pointColumns = pointColumns;
        this.footers = footers;
        this.paths = paths;
        this.sizes = sizes;
        this.rowGroups = rowGroups;
    }

    /**
     * Writes the label index of the generation attached as {@code alias} (tables {@code files} and {@code chunks})
     * to {@code target}.
     *
     * @param pointColumns the dataset's point columns, the only ones a page's layouts describe
     * @param labels        receives every label's totals, in label order
     */
    static void write(Connection duck, String alias, List<String> pointColumns, FooterReader footers,
            LabelTotals.Sink labels, Path target) throws IOException, SQLException {
        write(duck, alias, pointColumns, footers, labels, target, PAGE_TARGET_BYTES, NODE_CHILDREN);
    }

    /** As above, with the page size and node fan-out given: small ones build deep trees from small generations. */
    static void write(Connection duck, String alias, List<String> pointColumns, FooterReader footers,
            LabelTotals.Sink labels, Path target, int pageTargetBytes, int nodeChildren)
            throws IOException, SQLException {
        List<String> paths = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<ColumnRowGroups> rowGroups = new ArrayList<>();
        long optimizedFiles = 0;
        long partBytes = 0;
        // Every file's layout is read before the chunks are scanned, as that scan leaves the connection no other
        // query. A generation index built from indexes written before layouts were kept has no layout column.
        String layout = DuckDb.hasColumn(duck, alias, "files", "layout") ? "layout" : "NULL::BLOB";
        try (PreparedStatement statement = duck.prepareStatement("SELECT file_id, file, byte_size, " + layout
                + " FROM " + alias + ".files ORDER BY file_id"); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                if (rows.getInt(1) != paths.size()) {
                    throw new IllegalStateException("file ids of " + alias + " are not 0 to n - 1");
                }
                String path = rows.getString(2);
                long size = rows.getLong(3);
                byte[] stored = rows.getBytes(4);
                paths.add(path);
                sizes.add(size);
                rowGroups.add(stored == null ? null
                        : ParquetFile.ofLayout(path, stored, size).rowGroups(pointColumns));
                partBytes += size;
                optimizedFiles += path.startsWith(DatasetLayout.COMPACT + "/") ? 1 : 0;
            }
        }
        LabelIndexWriter writer = new LabelIndexWriter(duck, alias, pointColumns, footers,
                paths.toArray(String[]::new), sizes.stream().mapToLong(Long::longValue).toArray(),
                rowGroups.toArray(ColumnRowGroups[]::new), labels, pageTargetBytes, nodeChildren);
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
            writer.out = file;
            writer.append(LabelIndex.MAGIC);
            long[] counts = writer.writePages();
            long blocks = DuckDb.queryLong(duck, "SELECT count(DISTINCT block_id) FROM " + alias + ".chunks");
            LabelIndex.Child blockTop = writer.writeBlockDirectory();
            ByteWriter totals = new ByteWriter().varint(counts[0]).varint(counts[1]).varint(counts[2]).varint(blocks)
                    .varint(paths.size()).varint(optimizedFiles).varint(partBytes).varint(pointColumns.size());
            writer.writeTop(totals, blockTop);
        } catch (CorruptChunksException e) {
            throw e;
        } catch (IOException e) {
            throw FailureReason.naming(target, e);
        }
    }

    /** Chunks that cannot describe part files sorted by label: the index they come from is corrupt. */
    static final class CorruptChunksException extends IOException {
        CorruptChunksException(String message) {
            super(message);
        }
    }

    /**
     * Streams the chunks in label order into pages; returns the label, point and chunk totals. The chunks table is
     * stored sorted by label (then block), and a scan without ORDER BY returns it in that order (DuckDB preserves
     * insertion order): sorting it again took half of a large consolidation. Each label's chunks are put in file and
     * row order when its page is encoded; a label out of order means the table was not written sorted.
     */
    private long[] writePages() throws IOException, SQLException {
        PageBuilder page = new PageBuilder(pointColumns.size());
        long labels = 0;
        long points = 0;
        long chunks = 0;
        int columns = pointColumns.size();
        try (PreparedStatement statement = duck.prepareStatement("SELECT label, block_id, file_id, row_start,"
                + " point_count" + DuckDb.boundsColumns(columns, false) + " FROM " + alias + ".chunks");
                ResultSet rows = statement.executeQuery()) {
            boolean any = false;
            long label = 0;
            while (rows.next()) {
                long next = rows.getLong(1);
                if (!any || next != label) {
                    if (any && Long.compareUnsigned(next, label) < 0) {
                        throw new CorruptChunksException("the chunks of " + alias + " are not sorted by label: "
                                + Long.toUnsignedString(next) + " follows " + Long.toUnsignedString(label));
                    }
                    finishLabel(page);
                    if (any && page.bytes >= pageTargetBytes) {
                        writePage(page);
                        page = new PageBuilder(columns);
                    }
                    page.startLabel(next);
                    labels++;
                    label = next;
                    any = true;
                }
                long count = rows.getLong(5);
                int fileId = rows.getInt(3);
                long rowStart = rows.getLong(4);
                page.addChunk(rows.getString(2), fileId, rowStart, (int) count,
                        rowGroups(fileId).rowGroupContaining(rowStart));
                for (int c = 0; c < columns; c++) {
                    page.bound(c, rows.getDouble(6 + 2 * c), rows.getDouble(7 + 2 * c));
                }
                points += count;
                chunks++;
            }
        }
        finishLabel(page);
        if (page.labelCount() > 0) {
            writePage(page);
        }
        return new long[] {labels, points, chunks};
    }

    /**
     * Finishes the page's last label, whose chunks in each part file must form one gap-free row range, and hands its
     * totals to the sink.
     */
    private void finishLabel(PageBuilder page) throws IOException {
        if (page.labelCount() == 0) {
            return;
        }
        int chunk = page.finishLabel();
        long label = page.labels[page.labelCount() - 1];
        if (chunk >= 0) {
            throw new CorruptChunksException("the chunks of label " + Long.toUnsignedString(label) + " in "
                    + paths[page.file[chunk]] + " do not form one contiguous row range (rows from "
                    + page.row[chunk - 1] + " to " + (page.row[chunk - 1] + page.count[chunk - 1]) + ", then from "
                    + page.row[chunk] + ")");
        }
        page.addTotals(label, labelTotals);
    }

    private void writePage(PageBuilder page) throws IOException {
        // Page-local numbers: files by id, blocks by UTF-8 bytes (DuckDB's order, so block lists need no sorting).
        TreeMap<Integer, List<Integer>> chunksByFile = new TreeMap<>();
        Map<String, Integer> blockNumbers = new HashMap<>();
        for (int c = 0; c < page.chunks; c++) {
            chunksByFile.computeIfAbsent(page.file[c], f -> new ArrayList<>()).add(c);
            blockNumbers.put(page.block.get(c), 0);
        }
        String[] blocks = blockNumbers.keySet().toArray(String[]::new);
        Arrays.sort(blocks, GenerationIndex.UTF8_ORDER);
        for (int number = 0; number < blocks.length; number++) {
            blockNumbers.put(blocks[number], number);
        }
        LabelPage.PageFile[] files = new LabelPage.PageFile[chunksByFile.size()];
        int[] localFile = new int[page.chunks];
        int f = 0;
        for (var entry : chunksByFile.entrySet()) {
            int fileId = entry.getKey();
            long[] starts = new long[entry.getValue().size()];
            int[] counts = new int[starts.length];
            for (int i = 0; i < starts.length; i++) {
                int c = entry.getValue().get(i);
                starts[i] = page.row[c];
                counts[i] = page.count[c];
                localFile[c] = f;
            }
            files[f++] = new LabelPage.PageFile(fileId, paths[fileId], sizes[fileId],
                    rowGroups(fileId).layout(starts, counts));
        }
        int[] chunkBlock = new int[page.chunks];
        for (int c = 0; c < page.chunks; c++) {
            chunkBlock[c] = blockNumbers.get(page.block.get(c));
        }
        long[] labels = Arrays.copyOf(page.labels, page.labelCount());
        int[] firstChunk = Arrays.copyOf(page.firstChunk, page.labelCount() + 1);
        firstChunk[labels.length] = page.chunks;
        byte[] raw = LabelPage.encode(labels, firstChunk, chunkBlock, localFile, Arrays.copyOf(page.row, page.chunks),
                Arrays.copyOf(page.count, page.chunks), blocks, files, page.bounds());
        pages.add(writeFrame(labels[0], raw));
    }

    private ColumnRowGroups rowGroups(int fileId) throws IOException {
        if (rowGroups[fileId] == null) {
            rowGroups[fileId] = footers.read(paths[fileId]).rowGroups(pointColumns);
        }
        return rowGroups[fileId];
    }

    /**
     * Writes the block directory: the chunks again, by block id and label, one entry per (block, label) with the union
     * of its chunks' bounds, in pages under nodes that carry the bounds beneath them; returns its top node.
     *
     * <p>DuckDB sorts them into a temporary table that is then scanned in order: a query that sorts and streams its
     * result ran out of DuckDB's memory limit at 10^8 chunks (10^10 points) while the consolidation's staged chunks
     * were held in their own temporary table, where a sort into a table spills and completes.
     */
    private LabelIndex.Child writeBlockDirectory() throws IOException, SQLException {
        int columns = pointColumns.size();
        DuckDb.execute(duck, "CREATE OR REPLACE TEMP TABLE " + BLOCK_ORDER + " AS SELECT block_id, label"
                + DuckDb.boundsColumns(columns, false) + " FROM " + alias + ".chunks ORDER BY block_id, label");
        LabelIndex.Child top = writeBlockDirectoryInOrder(columns);
        // On a failure the table goes with the rolled-back transaction or the closed connection.
        DuckDb.execute(duck, "DROP TABLE " + BLOCK_ORDER);
        return top;
    }

    /** Writes the block directory from the sorted temporary table; returns its top node. */
    private LabelIndex.Child writeBlockDirectoryInOrder(int columns) throws IOException, SQLException {
        List<BlockIndex.Child> children = new ArrayList<>();
        BlockPageBuilder page = new BlockPageBuilder(columns);
        // A scan without ORDER BY returns the table in insertion order, the order it was written in.
        try (PreparedStatement statement = duck.prepareStatement("SELECT * FROM " + BLOCK_ORDER);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String block = rows.getString(1);
                long label = rows.getLong(2);
                if (!page.continues(block, label)) {
                    // A block with more labels than a page holds continues in the next page; readers expect that.
                    if (page.bytes >= pageTargetBytes) {
                        children.add(page.write(this));
                        page = new BlockPageBuilder(columns);
                    }
                    page.add(block, label);
                }
                for (int c = 0; c < columns; c++) {
                    page.extend(c, rows.getDouble(3 + 2 * c), rows.getDouble(4 + 2 * c));
                }
            }
        }
        if (page.entries > 0 || children.isEmpty()) {
            children.add(page.write(this));
        }
        int fanOut = Math.min(nodeChildren, BlockIndex.NODE_CHILDREN);
        int level = 0;
        while (children.size() > fanOut) {
            List<BlockIndex.Child> parents = new ArrayList<>();
            for (int from = 0; from < children.size(); from += fanOut) {
                List<BlockIndex.Child> group = children.subList(from, Math.min(children.size(), from + fanOut));
                parents.add(blockChild(group.get(0).firstBlock(), writeFrame(0, BlockIndex.encodeNode(level, group)),
                        group, columns));
            }
            children = parents;
            level++;
        }
        return writeFrame(0, BlockIndex.encodeNode(level, children));
    }

    /** A node's child: the frame of a node over {@code group}, with the union of the group's bounds. */
    private static BlockIndex.Child blockChild(String firstBlock, LabelIndex.Child frame, List<BlockIndex.Child> group,
            int columns) {
        return unionChild(firstBlock, frame, columns,
                group.stream().flatMapToDouble(child -> Arrays.stream(child.min())).toArray(),
                group.stream().flatMapToDouble(child -> Arrays.stream(child.max())).toArray());
    }

    /**
     * A block node's child over {@code frame}, with the union of bounds given entry after entry ({@code columns} values
     * each). A NaN bound stays NaN in the union: it rules nothing out.
     */
    private static BlockIndex.Child unionChild(String firstBlock, LabelIndex.Child frame, int columns, double[] min,
            double[] max) {
        double[] low = new double[columns];
        double[] high = new double[columns];
        Arrays.fill(low, Double.POSITIVE_INFINITY);
        Arrays.fill(high, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < min.length; i++) {
            low[i % columns] = Math.min(low[i % columns], min[i]);
            high[i % columns] = Math.max(high[i % columns], max[i]);
        }
        return new BlockIndex.Child(firstBlock, frame, low, high);
    }

    /** The (block, label) entries of the block page being filled, each with the union of its chunks' bounds. */
    private static final class BlockPageBuilder {
        final int columns;
        final List<String> blocks = new ArrayList<>();
        final List<Integer> firstEntry = new ArrayList<>();
        long[] labels = new long[1024];
        double[] min;
        double[] max;
        int entries;
        int bytes;

        BlockPageBuilder(int columns) {
            this.columns = columns;
            this.min = new double[1024 * columns];
            this.max = new double[1024 * columns];
        }

        /** Whether the row is the entry filled last (another chunk of the same label in the same block). */
        boolean continues(String block, long label) {
            return entries > 0 && labels[entries - 1] == label && blocks.get(blocks.size() - 1).equals(block);
        }

        void add(String block, long label) {
            if (blocks.isEmpty() || !blocks.get(blocks.size() - 1).equals(block)) {
                blocks.add(block);
                firstEntry.add(entries);
                bytes += block.length() + 2;
            }
            if (entries == labels.length) {
                labels = Arrays.copyOf(labels, entries * 2);
                min = Arrays.copyOf(min, entries * 2 * columns);
                max = Arrays.copyOf(max, entries * 2 * columns);
            }
            labels[entries] = label;
            Arrays.fill(min, entries * columns, (entries + 1) * columns, Double.POSITIVE_INFINITY);
            Arrays.fill(max, entries * columns, (entries + 1) * columns, Double.NEGATIVE_INFINITY);
            entries++;
            bytes += 3 + 3 * columns;
        }

        /** Widens the last entry's bounds of {@code column}; a NaN bound stays NaN (it excludes nothing). */
        void extend(int column, double low, double high) {
            int at = (entries - 1) * columns + column;
            min[at] = Math.min(min[at], low);
            max[at] = Math.max(max[at], high);
        }

        BlockIndex.Child write(LabelIndexWriter writer) throws IOException {
            int[] first = new int[blocks.size() + 1];
            for (int b = 0; b < blocks.size(); b++) {
                first[b] = firstEntry.get(b);
            }
            first[blocks.size()] = entries;
            ChunkBounds bounds = new ChunkBounds(columns, Arrays.copyOf(min, entries * columns),
                    Arrays.copyOf(max, entries * columns));
            BlockPage page = new BlockPage(blocks.toArray(String[]::new), first, Arrays.copyOf(labels, entries),
                    bounds);
            String firstBlock = blocks.isEmpty() ? "" : blocks.get(0);
            return unionChild(firstBlock, writer.writeFrame(0, page.encode()), columns, bounds.min(), bounds.max());
        }
    }

    /** Writes the directory levels above the pages and the top node, then the trailer. */
    private void writeTop(ByteWriter totals, LabelIndex.Child blockTop) throws IOException {
        List<LabelIndex.Child> children = pages;
        int level = 0;
        while (children.size() > nodeChildren) {
            List<LabelIndex.Child> parents = new ArrayList<>();
            for (int from = 0; from < children.size(); from += nodeChildren) {
                List<LabelIndex.Child> group = children.subList(from, Math.min(children.size(), from + nodeChildren));
                parents.add(writeFrame(group.get(0).firstLabel(), node(new ByteWriter(), level, group)));
            }
            children = parents;
            level++;
        }
        LabelIndex.Child top = writeFrame(0, node(totals, level, children));
        ByteWriter trailer = new ByteWriter().fixed64(top.offset()).fixed32(top.compressedSize()).fixed32(top.size())
                .fixed32(top.crc()).fixed64(blockTop.offset()).fixed32(blockTop.compressedSize())
                .fixed32(blockTop.size()).fixed32(blockTop.crc());
        append(trailer.toByteArray());
        append(LabelIndex.MAGIC);
    }

    private static byte[] node(ByteWriter out, int level, List<LabelIndex.Child> children) {
        out.varint(level).varint(children.size());
        for (LabelIndex.Child child : children) {
            out.fixed64(child.firstLabel()).varint(child.offset()).varint(child.compressedSize()).varint(child.size())
                    .fixed32(child.crc());
        }
        return out.toByteArray();
    }

    private LabelIndex.Child writeFrame(long firstLabel, byte[] raw) throws IOException {
        if (raw.length > LabelIndex.MAX_NODE_BYTES) {
            throw new IOException("a label index page of " + raw.length + " bytes exceeds the "
                    + LabelIndex.MAX_NODE_BYTES + " a reader accepts");
        }
        byte[] frame = Zstd.compress(raw, ZSTD_LEVEL);
        CRC32C crc = new CRC32C();
        crc.update(frame);
        LabelIndex.Child child = new LabelIndex.Child(firstLabel, position, frame.length, raw.length,
                (int) crc.getValue());
        append(frame);
        return child;
    }

    private void append(byte[] bytes) throws IOException {
        out.write(bytes);
        position += bytes.length;
    }

    /** The labels and chunks of the page being filled, and an estimate of its encoded size. */
    private static final class PageBuilder {
        /*
         * Encoded bytes, about: a label's step and chunk count; a chunk's numbers; a file's id, path and size and its
         * layout's header; a row group's entry in a layout (rows, offset, CRC), and each of its column chunks (sizes).
         */
        private static final int LABEL_BYTES = 8;
        private static final int CHUNK_BYTES = 5;
        private static final int FILE_BYTES = 64;
        private static final int ROW_GROUP_BYTES = 10;
        private static final int COLUMN_CHUNK_BYTES = 3;
        final int columns;
        private final Set<String> pageBlocks = new HashSet<>();
        private final Set<Integer> pageFiles = new HashSet<>();
        private final Set<Long> pageRowGroups = new HashSet<>();
        long[] labels = new long[256];
        int[] firstChunk = new int[257];
        private int labelCount;
        final List<String> block = new ArrayList<>();
        int[] file = new int[1024];
        long[] row = new long[1024];
        int[] count = new int[1024];
        /** Per chunk, per column, its minimum and maximum. */
        double[] minMax;
        int chunks;
        int bytes;
        /** Distinct blocks of the label {@link #finishLabel()} finished last. */
        private int lastLabelBlocks;

        PageBuilder(int columns) {
            this.columns = columns;
            this.minMax = new double[1024 * 2 * columns];
        }

        int labelCount() {
            return labelCount;
        }

        ChunkBounds bounds() {
            ChunkBounds bounds = ChunkBounds.allocate(chunks, columns);
            for (int i = 0; i < chunks * columns; i++) {
                bounds.min()[i] = minMax[2 * i];
                bounds.max()[i] = minMax[2 * i + 1];
            }
            return bounds;
        }

        void startLabel(long label) {
            if (labelCount + 1 >= firstChunk.length) {
                labels = Arrays.copyOf(labels, labels.length * 2);
                firstChunk = Arrays.copyOf(firstChunk, labels.length + 1);
            }
            labels[labelCount] = label;
            firstChunk[labelCount++] = chunks;
            bytes += LABEL_BYTES;
        }

        /**
         * Puts the chunks of the last label started (there is one) in file, then row order (they arrive in block
         * order), and returns the first chunk that does not start where the label's previous chunk in the same file
         * ended, or -1. Part files are sorted by label, so a label's chunks in a file form one gap-free row range: any
         * other chunk is corruption.
         */
        int finishLabel() {
            int from = firstChunk[labelCount - 1];
            int to = chunks;
            if (to - from >= LabelPage.BOUNDED_LABEL_CHUNKS) {
                bytes += 3 * columns * (to - from);
            }
            // In arrival order (the chunks table's: block id, then file) a block's chunks are adjacent.
            lastLabelBlocks = to > from ? 1 : 0;
            for (int c = from + 1; c < to; c++) {
                if (!block.get(c).equals(block.get(c - 1))) {
                    lastLabelBlocks++;
                }
            }
            boolean sorted = true;
            for (int c = from + 1; c < to && sorted; c++) {
                sorted = file[c - 1] < file[c] || file[c - 1] == file[c] && row[c - 1] <= row[c];
            }
            if (!sorted) {
                sortLabel(from, to);
            }
            for (int c = from + 1; c < to; c++) {
                if (file[c] == file[c - 1] && row[c] != row[c - 1] + count[c - 1]) {
                    return c;
                }
            }
            return -1;
        }

        /** Hands the totals of the label just finished to {@code sink}: bounds as SQL's min and max (see LabelTotals). */
        void addTotals(long label, LabelTotals.Sink sink) throws IOException {
            int from = firstChunk[labelCount - 1];
            long points = 0;
            int files = 0;
            double[] bounds = new double[2 * columns];
            for (int c = from; c < chunks; c++) {
                points += count[c];
                if (c == from || file[c] != file[c - 1]) {
                    files++;
                }
                for (int d = 0; d < columns; d++) {
                    double min = minMax[2 * (c * columns + d)];
                    double max = minMax[2 * (c * columns + d) + 1];
                    if (c == from) {
                        bounds[2 * d] = min;
                        bounds[2 * d + 1] = max;
                    } else {
                        if (Double.isNaN(bounds[2 * d]) || min < bounds[2 * d]) {
                            bounds[2 * d] = min;
                        }
                        if (Double.isNaN(max) || max > bounds[2 * d + 1]) {
                            bounds[2 * d + 1] = max;
                        }
                    }
                }
            }
            sink.add(label, points, lastLabelBlocks, files, bounds);
        }

        private void sortLabel(int from, int to) {
            Integer[] order = new Integer[to - from];
            for (int i = 0; i < order.length; i++) {
                order[i] = from + i;
            }
            Arrays.sort(order, (x, y) -> file[x] != file[y] ? Integer.compare(file[x], file[y])
                    : Long.compare(row[x], row[y]));
            String[] blocks = new String[order.length];
            double[] bounds = new double[order.length * 2 * columns];
            int[] files = new int[order.length];
            long[] rows = new long[order.length];
            int[] counts = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                blocks[i] = block.get(order[i]);
                System.arraycopy(minMax, order[i] * 2 * columns, bounds, i * 2 * columns, 2 * columns);
                files[i] = file[order[i]];
                rows[i] = row[order[i]];
                counts[i] = count[order[i]];
            }
            for (int i = 0; i < order.length; i++) {
                block.set(from + i, blocks[i]);
                file[from + i] = files[i];
                row[from + i] = rows[i];
                count[from + i] = counts[i];
            }
            System.arraycopy(bounds, 0, minMax, from * 2 * columns, bounds.length);
        }

        /** Adds a chunk, which starts in row group {@code rowGroup} of its file; its bounds follow through {@link #bound}. */
        void addChunk(String blockId, int fileId, long rowStart, int points, int rowGroup) {
            if (chunks == row.length) {
                file = Arrays.copyOf(file, chunks * 2);
                row = Arrays.copyOf(row, chunks * 2);
                count = Arrays.copyOf(count, chunks * 2);
                minMax = Arrays.copyOf(minMax, chunks * 4 * columns);
            }
            block.add(blockId);
            file[chunks] = fileId;
            row[chunks] = rowStart;
            count[chunks] = points;
            chunks++;
            // What the chunk adds to the encoded page: its numbers, its block id if new to the page, and the file's
            // header and the layout of its row group if new to the page (a chunk running into the next row group
            // adds little, and is not counted); the bounds of a label of many chunks are counted when it is finished.
            bytes += CHUNK_BYTES;
            if (pageBlocks.add(blockId)) {
                bytes += blockId.length() + 1;
            }
            if (pageFiles.add(fileId)) {
                bytes += FILE_BYTES;
            }
            if (pageRowGroups.add(((long) fileId << 32) | rowGroup)) {
                bytes += ROW_GROUP_BYTES + COLUMN_CHUNK_BYTES * columns;
            }
        }

        /** Sets the bounds of {@code column} of the chunk added last. */
        void bound(int column, double min, double max) {
            minMax[2 * ((chunks - 1) * columns + column)] = min;
            minMax[2 * ((chunks - 1) * columns + column) + 1] = max;
        }
    }
}
