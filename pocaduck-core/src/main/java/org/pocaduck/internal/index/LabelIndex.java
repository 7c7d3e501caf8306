package org.pocaduck.internal.index;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import java.util.zip.CRC32C;
import org.pocaduck.PocaduckException;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.format.ByteReader;
import org.pocaduck.internal.parquet.ByteSource;

/**
 * A consolidated generation's label index ({@code index/index-<generation>.lookup}), read by byte ranges: what it
 * costs to open and to look up a label does not grow with the dataset. Everything a reader asks of a label — its point
 * count, its blocks, where its points lie and the row-group layout needed to read them — is in one compressed
 * {@link LabelPage}; a small tree of directory nodes leads from a label to its page. Opening reads the file's tail
 * (the trailer and the top node); a cold lookup reads at most one node per level below the top and the page, and
 * pages and nodes are then cached (bounded by their weight).
 *
 * <p>File layout (docs/FORMAT.md has every byte): the magic {@code PCDLKUP3}; label pages and directory nodes, each
 * a zstd frame; the block directory ({@link BlockIndex}); the top block node and the top node; a 48-byte trailer
 * locating both top nodes (offset, compressed and uncompressed sizes, CRC-32C), then the magic again. The top node
 * holds the generation's totals, then, like every directory node, its level and its children in label order (first
 * label, offset, sizes, CRC-32C). Versions 1 ({@code PCDLKUP1}: no bounds, no block directory, a 28-byte trailer) and
 * 2 ({@code PCDLKUP2}: see {@link LabelPage}) are read too.
 */
public final class LabelIndex {
    /** The magic of version 1, without chunk bounds or block directory; still read. */
    static final byte[] MAGIC_1 = "PCDLKUP1".getBytes(StandardCharsets.US_ASCII);
    /** The magic of version 2, whose pages keep every chunk's bounds; still read. */
    static final byte[] MAGIC_2 = "PCDLKUP2".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MAGIC = "PCDLKUP3".getBytes(StandardCharsets.US_ASCII);
    static final int TRAILER_BYTES_1 = 28;
    static final int TRAILER_BYTES = 48;
    /** The first read of the tail: the top node of an index of up to some 10^8 labels fits in it. */
    private static final int TAIL_READ = 64 * 1024;
    /** Decompressed nodes and pages are never larger: a node or page claiming more is corrupt. */
    static final int MAX_NODE_BYTES = 64 << 20;

    /** Totals of the generation, kept in the top node so that statistics need no scan. */
    public record Totals(long labels, long points, long chunks, long blocks, long files, long optimizedFiles,
            long partBytes) {
    }

    /** Where a child node or page lies. */
    record Child(long firstLabel, long offset, int compressedSize, int size, int crc) {
    }

    /** A decoded node or page, with about how many bytes of heap it holds, for the cache. */
    interface Weighted {
        long weight();
    }

    /** A directory node: its children in label order. */
    record Node(int level, Child[] children) implements Weighted, PageWalk.TreeNode {
        @Override
        public long weight() {
            return 64 + 40L * children.length;
        }

        @Override
        public int childCount() {
            return children.length;
        }

        @Override
        public Child frame(int child) {
            return children[child];
        }

        /** The last child whose first label is at or below {@code label}, or -1 if the label is before them all. */
        int childFor(long label) {
            int low = 0;
            int high = children.length - 1;
            int found = -1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                if (Long.compareUnsigned(children[middle].firstLabel(), label) <= 0) {
                    found = middle;
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            return found;
        }
    }

    private final ByteSource source;
    private final String name;
    private final Totals totals;
    private final Node top;
    /** The file's version, 1 to 3: how its label pages are encoded. */
    private final int version;
    /** Point columns whose bounds the pages hold: 0 in version 1. */
    private final int boundColumns;
    private final Cache<Long, Weighted> cache;
    /** Null in version 1. */
    private final BlockIndex blocks;

    private LabelIndex(ByteSource source, String name, int version, Totals totals, Node top, int boundColumns,
            Child blockTop, long cacheBytes) {
        this.source = source;
        this.version = version;
        this.name = name;
        this.totals = totals;
        this.top = top;
        this.boundColumns = boundColumns;
        this.cache = Caffeine.newBuilder().maximumWeight(cacheBytes).weigher((Long offset, Weighted node) ->
                (int) Math.min(Integer.MAX_VALUE, node.weight())).build();
        this.blocks = blockTop == null ? null : new BlockIndex(source, name, boundColumns, blockTop, cache);
    }

    /** The key of the label index of the generation whose DuckDB index has key {@code indexKey}. */
    public static String keyFor(String indexKey) {
        int dot = indexKey.lastIndexOf('.');
        if (dot <= indexKey.lastIndexOf('/')) {
            throw new PocaduckException("index file name " + indexKey + " has no extension; expected"
                    + " index/index-<generation>.duckdb");
        }
        return indexKey.substring(0, dot) + ".lookup";
    }

    /**
     * Opens the index in {@code source} (which it does not close) by reading its tail.
     *
     * @param name       the file's name, for messages
     * @param cacheBytes about how much heap decoded pages and nodes may take
     */
    public static LabelIndex open(ByteSource source, String name, long cacheBytes) throws IOException {
        long size = source.size();
        if (size < MAGIC.length + TRAILER_BYTES_1) {
            throw corrupt(name, "it has only " + size + " bytes");
        }
        int tailLength = (int) Math.min(size, TAIL_READ);
        byte[] tail = read(source, size - tailLength, tailLength);
        int version = 0;
        for (byte[] magic : List.of(MAGIC_1, MAGIC_2, MAGIC)) {
            version++;
            if (Arrays.equals(tail, tailLength - MAGIC.length, tailLength, magic, 0, MAGIC.length)) {
                break;
            }
            if (magic == MAGIC) {
                throw corrupt(name, "it does not end with the magic number PCDLKUP3 (or PCDLKUP2, PCDLKUP1)");
            }
        }
        boolean version1 = version == 1;
        int trailerBytes = version1 ? TRAILER_BYTES_1 : TRAILER_BYTES;
        if (size < MAGIC.length + trailerBytes) {
            throw corrupt(name, "it has only " + size + " bytes");
        }
        ByteReader trailer = new ByteReader(tail, tailLength - trailerBytes, trailerBytes);
        try {
            long topOffset = trailer.fixed64("top offset");
            int compressed = trailer.fixed32("top size");
            int raw = trailer.fixed32("top uncompressed size");
            int crc = trailer.fixed32("top checksum");
            if (topOffset < MAGIC.length || compressed < 0 || topOffset > size - trailerBytes - compressed) {
                throw corrupt(name, "its top node lies at " + topOffset + " (+" + compressed + " bytes), outside"
                        + " its " + size + " bytes");
            }
            Child blockTop = null;
            if (!version1) {
                blockTop = new Child(0, trailer.fixed64("block top offset"), trailer.fixed32("block top size"),
                        trailer.fixed32("block top uncompressed size"), trailer.fixed32("block top checksum"));
                if (blockTop.offset() < MAGIC.length || blockTop.compressedSize() < 0
                        || blockTop.offset() > size - trailerBytes - blockTop.compressedSize()) {
                    throw corrupt(name, "its block directory lies at " + blockTop.offset() + " (+"
                            + blockTop.compressedSize() + " bytes), outside its " + size + " bytes");
                }
            }
            byte[] frame = topOffset >= size - tailLength
                    ? Arrays.copyOfRange(tail, (int) (topOffset - (size - tailLength)),
                            (int) (topOffset - (size - tailLength)) + compressed)
                    : read(source, topOffset, compressed);
            byte[] bytes = inflate(frame, new Child(0, topOffset, compressed, raw, crc), name);
            ByteReader in = new ByteReader(bytes, 0, bytes.length);
            Totals totals = new Totals(in.varint("label total"), in.varint("point total"), in.varint("chunk total"),
                    in.varint("block total"), in.varint("file total"), in.varint("optimized file total"),
                    in.varint("byte total"));
            int boundColumns = version1 ? 0 : in.count("bound columns");
            return new LabelIndex(source, name, version, totals, readNode(in, name), boundColumns, blockTop,
                    cacheBytes);
        } catch (ByteReader.CorruptRecordException e) {
            throw corrupt(name, e.getMessage());
        }
    }

    public Totals totals() {
        return totals;
    }

    /** A label found in a page: the page and its entry. */
    public record Entry(LabelPage page, int index) {
    }

    /** The label's entry, or null when the generation does not hold it. */
    public Entry find(long label) {
        Node node = top;
        while (true) {
            int child = node.childFor(label);
            if (child < 0) {
                return null;
            }
            Weighted next = load(node.children()[child], node.level() > 0);
            if (next instanceof LabelPage page) {
                int index = page.find(label);
                return index < 0 ? null : new Entry(page, index);
            }
            node = (Node) next;
        }
    }

    /** The label's point count, 0 when it is not in the generation. */
    public long pointCount(long label) {
        Entry entry = find(label);
        return entry == null ? 0 : entry.page().pointCount(entry.index());
    }

    /** The label's distinct block ids in UTF-8 byte order; empty when it is not in the generation. */
    public List<String> blocks(long label) {
        Entry entry = find(label);
        return entry == null ? List.of() : entry.page().blocks(entry.index());
    }

    /** The labels that have points in the block, in unsigned order; empty when none has. */
    public long[] labelsInBlock(String blockId) {
        if (blocks != null) {
            return blocks.labelsIn(blockId);
        }
        // A version 1 index has no block directory: every chunk is visited, in label order.
        java.util.stream.LongStream.Builder found = java.util.stream.LongStream.builder();
        long[] last = {0};
        boolean[] any = {false};
        forEachChunk((label, block, fileId, rowStart, rowCount) -> {
            if (block.equals(blockId) && !(any[0] && last[0] == label)) {
                found.add(label);
                last[0] = label;
                any[0] = true;
            }
        });
        return found.build().toArray();
    }

    /**
     * Visits the labels that may have points in the filter's box, each with whether its bounds in one block prove a
     * point inside ({@link BoxFilter#surelyHasPointInside}). A label may be visited more than once. A version 1 index
     * has no bounds: every label is visited, none surely inside.
     */
    void visitCandidates(BoxFilter filter, BlockIndex.CandidateVisitor visitor) {
        if (blocks != null) {
            blocks.visitCandidates(filter, visitor);
        } else {
            forEachLabel((label, points) -> visitor.visit(label, false));
        }
    }

    /** Receives one label with its point count. */
    public interface LabelVisitor {
        void visit(long label, long pointCount);
    }

    /** Receives one chunk of one label. */
    public interface ChunkVisitor {
        void visit(long label, String blockId, int fileId, long rowStart, int rowCount);
    }

    /** Visits every label in unsigned order, reading every page once. */
    public void forEachLabel(LabelVisitor visitor) {
        forEachPage(page -> {
            for (int e = 0; e < page.labels.length; e++) {
                visitor.visit(page.labels[e], page.pointCount(e));
            }
        });
    }

    /** Visits every chunk of every label, in label order, then file id and row; reads every page once. */
    public void forEachChunk(ChunkVisitor visitor) {
        forEachPage(page -> {
            for (int e = 0; e < page.labels.length; e++) {
                for (int c = page.firstChunk[e]; c < page.firstChunk[e + 1]; c++) {
                    visitor.visit(page.labels[e], page.blocks[page.chunkBlock[c]], page.files[page.chunkFile[c]].id(),
                            page.chunkRow[c], page.chunkCount[c]);
                }
            }
        });
    }

    /**
     * Reads the block directory whole (every frame against its checksum) and checks that it holds exactly the
     * (block, label) pairs of the label pages; does nothing for a version 1 index, which has none.
     *
     * @throws PocaduckException naming the file when a frame is damaged or the directory disagrees with the pages
     */
    public void checkBlockDirectory() {
        if (blocks == null) {
            return;
        }
        long[] pages = new long[2];
        forEachPage(page -> {
            for (int e = 0; e < page.labels.length; e++) {
                for (String blockId : page.blocks(e)) {
                    pages[0]++;
                    pages[1] += pairHash(blockId, page.labels[e]);
                }
            }
        });
        long[] directory = new long[2];
        blocks.forEachEntry((blockId, label, bounds, entry) -> {
            directory[0]++;
            directory[1] += pairHash(blockId, label);
        });
        if (pages[0] != directory[0] || pages[1] != directory[1]) {
            throw new PocaduckException(describe() + " is corrupt: its block directory holds " + directory[0]
                    + " (block, label) pairs, its label pages " + pages[0] + (pages[0] == directory[0]
                    ? ", but not the same ones" : ""));
        }
    }

    /** The label pages in label order, each read once and not cached. */
    LabelPages labelPages() {
        return new LabelPages();
    }

    /** The block directory's pages in block order, each read once and not cached; null in a version 1 index. */
    BlockIndex.BlockPages blockPages() {
        return blocks == null ? null : blocks.new BlockPages();
    }

    /** How many point columns (the first ones) its pages keep bounds of; 0 in a version 1 index. */
    int boundColumns() {
        return boundColumns;
    }

    /**
     * Every block id with points, each once, in UTF-8 order: from the block directory, page by page as the iterator is
     * used; a version 1 index, which has none, collects them from its label pages first.
     */
    Iterator<String> blockIds() {
        if (blocks == null) {
            java.util.TreeSet<String> found = new java.util.TreeSet<>(GenerationIndex.UTF8_ORDER);
            forEachChunk((label, blockId, fileId, rowStart, rowCount) -> found.add(blockId));
            return found.iterator();
        }
        BlockIndex.BlockPages pages = blocks.new BlockPages();
        return new Iterator<>() {
            private String[] page = new String[0];
            private int next;
            private String last;

            @Override
            public boolean hasNext() {
                while (true) {
                    for (; next < page.length; next++) {
                        if (!page[next].equals(last)) {
                            return true;
                        }
                        // The block the previous page ended with, continued.
                    }
                    BlockPage read = pages.next();
                    if (read == null) {
                        return false;
                    }
                    page = read.blocks;
                    next = 0;
                }
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                last = page[next++];
                return last;
            }
        };
    }

    /** Whether the index has a block directory (version 2 and later). */
    boolean hasBlockDirectory() {
        return blocks != null;
    }

    /** An order-independent digest term of one (block, label) pair. */
    private static long pairHash(String blockId, long label) {
        long hash = blockId.hashCode() * 0x9E3779B97F4A7C15L + label;
        hash ^= hash >>> 31;
        return hash * 0xBF58476D1CE4E5B9L;
    }

    /** Every label in unsigned order. */
    public long[] labels() {
        if (totals.labels() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(totals.labels() + " labels do not fit one Java array");
        }
        return labelStream().toArray();
    }

    /**
     * Every label in unsigned order, read page by page as the stream is consumed (each page once, not cached): what
     * it holds at a time is one window of pages, whatever the number of labels.
     *
     * @throws PocaduckException (when the stream is consumed) if the pages hold another number of labels than the
     *                           index's totals
     */
    public LongStream labelStream() {
        LabelPages pages = new LabelPages();
        PrimitiveIterator.OfLong labels = new PrimitiveIterator.OfLong() {
            private long[] page = new long[0];
            private int next;
            private long seen;

            @Override
            public boolean hasNext() {
                while (next == page.length) {
                    LabelPage read = pages.next();
                    if (read == null) {
                        if (seen != totals.labels()) {
                            throw new PocaduckException(describe() + " is corrupt: its pages hold " + seen
                                    + " labels, its total is " + totals.labels());
                        }
                        return false;
                    }
                    page = read.labels;
                    next = 0;
                }
                return true;
            }

            @Override
            public long nextLong() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                seen++;
                return page[next++];
            }
        };
        return StreamSupport.longStream(Spliterators.spliteratorUnknownSize(labels, Spliterator.ORDERED
                | Spliterator.DISTINCT | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
    }

    private interface PageVisitor {
        void visit(LabelPage page);
    }

    /** Visits every label page in label order, each read once (in windows of consecutive pages) and not cached. */
    private void forEachPage(PageVisitor visitor) {
        LabelPages pages = new LabelPages();
        for (LabelPage page = pages.next(); page != null; page = pages.next()) {
            visitor.visit(page);
        }
    }

    /**
     * The label pages in label order, for scans that take them one at a time; each is read once and not cached, and
     * the tree is walked as the scan goes ({@link PageWalk}).
     */
    final class LabelPages {
        private final PageWalk<Node> walk;

        LabelPages() {
            this(0, -1);
        }

        /** Only the pages that may hold labels from {@code first} to {@code last} (inclusive, unsigned). */
        LabelPages(long first, long last) {
            walk = new PageWalk<>(source, name, new LabelTree(first, last), top);
        }

        /** The next page, or null after the last. */
        LabelPage next() {
            if (!walk.hasNext()) {
                return null;
            }
            Child frame = walk.peek();
            try {
                return (LabelPage) decode(walk.next(), frame, false);
            } catch (IOException e) {
                throw new PocaduckIOException("cannot read " + describe() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The label tree as a walk over the labels from {@code first} to {@code last} sees it: a child holds the labels
     * from its first label up to the next child's.
     */
    private final class LabelTree implements PageWalk.Tree<Node> {
        private final long first;
        private final long last;

        LabelTree(long first, long last) {
            this.first = first;
            this.last = last;
        }

        @Override
        public Node node(Child frame) {
            return (Node) load(frame, true);
        }

        @Override
        public int firstVisited(Node node) {
            Child[] children = node.children();
            int from = 0;
            while (from + 1 < children.length && Long.compareUnsigned(children[from + 1].firstLabel(), first) <= 0) {
                from++;
            }
            return from;
        }

        @Override
        public int endVisited(Node node) {
            Child[] children = node.children();
            int end = firstVisited(node);
            while (end < children.length && Long.compareUnsigned(children[end].firstLabel(), last) <= 0) {
                end++;
            }
            return end;
        }
    }

    private Weighted load(Child child, boolean isNode) {
        Weighted cached = cache.getIfPresent(child.offset());
        if (cached != null) {
            return cached;
        }
        Weighted parsed = parse(child, isNode);
        cache.put(child.offset(), parsed);
        return parsed;
    }

    private Weighted parse(Child child, boolean isNode) {
        try {
            return decode(inflate(read(source, child.offset(), child.compressedSize()), child, name), child, isNode);
        } catch (IOException e) {
            throw new PocaduckIOException("cannot read " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes the decompressed frame of a node or page. */
    private Weighted decode(byte[] bytes, Child child, boolean isNode) {
        try {
            if (isNode) {
                return readNode(new ByteReader(bytes, 0, bytes.length), name);
            }
            return LabelPage.decode(bytes, version, boundColumns);
        } catch (ByteReader.CorruptRecordException e) {
            throw new PocaduckException(describe() + " is corrupt: the page at offset " + child.offset() + " "
                    + e.getMessage());
        } catch (IOException e) {
            throw new PocaduckIOException("cannot read " + describe() + ": " + e.getMessage(), e);
        }
    }

    private static Node readNode(ByteReader in, String name) throws ByteReader.CorruptRecordException, IOException {
        int level = in.count("level");
        Child[] children = new Child[in.itemCount("child count")];
        for (int c = 0; c < children.length; c++) {
            long first = in.fixed64("first label");
            long offset = in.varint("child offset");
            int compressed = in.count("child size");
            int raw = in.count("child uncompressed size");
            int crc = in.fixed32("child checksum");
            if (c > 0 && Long.compareUnsigned(first, children[c - 1].firstLabel()) <= 0) {
                throw corrupt(name, "its children are not in label order at child " + c);
            }
            children[c] = new Child(first, offset, compressed, raw, crc);
        }
        if (in.remaining() != 0) {
            throw corrupt(name, in.remaining() + " bytes follow a node's last child");
        }
        return new Node(level, children);
    }

    /** Checks a frame's checksum and decompresses it to the size its parent recorded. */
    static byte[] inflate(byte[] frame, Child child, String name) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(frame);
        if ((int) crc.getValue() != child.crc()) {
            throw corrupt(name, "the checksum of the node or page at offset " + child.offset() + " does not match");
        }
        if (child.size() < 0 || child.size() > MAX_NODE_BYTES) {
            throw corrupt(name, "the node or page at offset " + child.offset() + " claims " + child.size() + " bytes");
        }
        byte[] bytes = new byte[child.size()];
        try {
            long written = Zstd.decompressByteArray(bytes, 0, bytes.length, frame, 0, frame.length);
            if (written != bytes.length) {
                throw corrupt(name, "the node or page at offset " + child.offset() + " holds " + written
                        + " bytes, not " + bytes.length);
            }
        } catch (ZstdException e) {
            throw corrupt(name, "the node or page at offset " + child.offset() + " does not decompress: "
                    + e.getMessage());
        }
        return bytes;
    }

    /** Reads a frame, checks its checksum and decompresses it. */
    static byte[] readFrame(ByteSource source, Child child, String name) throws IOException {
        return inflate(read(source, child.offset(), child.compressedSize()), child, name);
    }

    static byte[] read(ByteSource source, long position, int length) throws IOException {
        ByteBuffer data = source.read(position, length);
        if (data.remaining() != length) {
            throw new IOException(source + " returned " + data.remaining() + " bytes for a read of " + length
                    + " at position " + position);
        }
        byte[] bytes = new byte[length];
        data.get(bytes);
        return bytes;
    }

    private static IOException corrupt(String name, String why) {
        return new IOException("label index " + name + " is corrupt: " + why);
    }

    private String describe() {
        return "label index " + name;
    }

    @Override
    public String toString() {
        return "LabelIndex[" + name + ", " + totals.labels() + " labels]";
    }
}
