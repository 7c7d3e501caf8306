package org.pocaduck.internal.index;

import com.github.benmanes.caffeine.cache.Cache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pocaduck.PocaduckException;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.format.ByteReader;
import org.pocaduck.internal.format.ByteWriter;
import org.pocaduck.internal.parquet.ByteSource;

/**
 * The block directory of a label index (version 2): {@link BlockPage}s in block id order under a tree of nodes whose
 * children carry their first block id and the bounds of everything beneath them. A block's labels are one descent
 * away; the labels that may lie in a box are found by descending only into children whose bounds meet the box, so
 * what a spatial lookup reads follows the region asked about, not the dataset.
 *
 * <p>A node, uncompressed: its level (0: children are pages), its child count, and per child its first block id, its
 * frame's offset, compressed and uncompressed sizes (varints), the CRC-32C of the frame (4 bytes little-endian), then
 * per point column the minimum and maximum of the bounds beneath it (8-byte little-endian doubles).
 */
final class BlockIndex {
    /** The most children of a block node: with bounds, a child takes some 70 bytes. */
    static final int NODE_CHILDREN = 512;

    /** A child of a block node. */
    record Child(String firstBlock, LabelIndex.Child frame, double[] min, double[] max) {
    }

    record Node(int level, Child[] children) implements LabelIndex.Weighted, PageWalk.TreeNode {
        @Override
        public long weight() {
            return 64 + (96L + 16L * (children.length == 0 ? 0 : children[0].min().length)) * children.length;
        }

        @Override
        public int childCount() {
            return children.length;
        }

        @Override
        public LabelIndex.Child frame(int child) {
            return children[child].frame();
        }
    }

    /** Receives a label that may lie in the box, and whether its points in one block surely include one inside. */
    interface CandidateVisitor {
        void visit(long label, boolean surelyInside);
    }

    private final ByteSource source;
    private final String name;
    private final int columns;
    private final LabelIndex.Child top;
    private final Cache<Long, LabelIndex.Weighted> cache;

    BlockIndex(ByteSource source, String name, int columns, LabelIndex.Child top,
            Cache<Long, LabelIndex.Weighted> cache) {
        this.source = source;
        this.name = name;
        this.columns = columns;
        this.top = top;
        this.cache = cache;
    }

    /** The labels the block holds, in unsigned order; empty when it holds none. */
    long[] labelsIn(String blockId) {
        List<long[]> found = new ArrayList<>();
        collect(node(top), blockId, found);
        long[] labels = new long[found.stream().mapToInt(part -> part.length).sum()];
        int at = 0;
        for (long[] part : found) {
            System.arraycopy(part, 0, labels, at, part.length);
            at += part.length;
        }
        return labels;
    }

    /** Adds the block's labels under {@code node}: a block with many labels may span pages, so every child that may hold it is read. */
    private void collect(Node node, String blockId, List<long[]> found) {
        Child[] children = node.children();
        int first = 0;
        for (int c = 0; c < children.length; c++) {
            if (GenerationIndex.UTF8_ORDER.compare(children[c].firstBlock(), blockId) < 0) {
                first = c;
            }
        }
        for (int c = first; c < children.length
                && GenerationIndex.UTF8_ORDER.compare(children[c].firstBlock(), blockId) <= 0; c++) {
            if (node.level() > 0) {
                collect(node(children[c].frame()), blockId, found);
            } else {
                BlockPage page = page(children[c].frame());
                for (int b = 0; b < page.blocks.length; b++) {
                    if (page.blocks[b].equals(blockId)) {
                        found.add(java.util.Arrays.copyOfRange(page.labels, page.firstEntry[b],
                                page.firstEntry[b + 1]));
                    }
                }
            }
        }
    }

    /** Visits every (block, label) entry whose bounds may meet the filter's box, descending only where they may. */
    void visitCandidates(BoxFilter filter, CandidateVisitor visitor) {
        visit(node(top), filter, visitor);
    }

    private void visit(Node node, BoxFilter filter, CandidateVisitor visitor) {
        for (Child child : node.children()) {
            if (!filter.mayIntersect(child.min(), child.max(), 0)) {
                continue;
            }
            if (node.level() > 0) {
                visit(node(child.frame()), filter, visitor);
                continue;
            }
            BlockPage page = page(child.frame());
            for (int e = 0; e < page.labels.length; e++) {
                if (page.bounds.mayIntersect(e, filter)) {
                    visitor.visit(page.labels[e], page.bounds.surelyInside(e, filter));
                }
            }
        }
    }

    /** Receives a (block, label) entry of the directory with its bounds. */
    interface EntryVisitor {
        /** The entry's bounds are {@code bounds.min()} and {@code max()} from {@code entry * bounds.columns()}. */
        void visit(String blockId, long label, ChunkBounds bounds, int entry);
    }

    /** Visits every entry, reading every page once (each frame's checksum checked), without caching pages. */
    void forEachEntry(EntryVisitor visitor) {
        BlockPages pages = new BlockPages();
        for (BlockPage page = pages.next(); page != null; page = pages.next()) {
            for (int b = 0; b < page.blocks.length; b++) {
                for (int e = page.firstEntry[b]; e < page.firstEntry[b + 1]; e++) {
                    visitor.visit(page.blocks[b], page.labels[e], page.bounds, e);
                }
            }
        }
    }

    /**
     * The block pages in block order, for scans that take them one at a time; each is read once and not cached, and
     * the tree is walked as the scan goes ({@link PageWalk}).
     */
    final class BlockPages {
        private final PageWalk<Node> walk = new PageWalk<>(source, name, BlockIndex.this::node, node(top));

        /** The next page, or null after the last. */
        BlockPage next() {
            if (!walk.hasNext()) {
                return null;
            }
            LabelIndex.Child frame = walk.peek();
            try {
                return (BlockPage) decode(walk.next(), frame, false);
            } catch (IOException e) {
                throw new PocaduckIOException("cannot read label index " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private Node node(LabelIndex.Child frame) {
        return (Node) load(frame, true);
    }

    private BlockPage page(LabelIndex.Child frame) {
        return (BlockPage) load(frame, false);
    }

    private LabelIndex.Weighted load(LabelIndex.Child frame, boolean isNode) {
        LabelIndex.Weighted cached = cache.getIfPresent(frame.offset());
        if (cached != null) {
            return cached;
        }
        LabelIndex.Weighted parsed = parse(frame, isNode);
        cache.put(frame.offset(), parsed);
        return parsed;
    }

    private LabelIndex.Weighted parse(LabelIndex.Child frame, boolean isNode) {
        try {
            return decode(LabelIndex.readFrame(source, frame, name), frame, isNode);
        } catch (IOException e) {
            throw new PocaduckIOException("cannot read label index " + name + ": " + e.getMessage(), e);
        }
    }

    /** Decodes the decompressed frame of a block node or page. */
    private LabelIndex.Weighted decode(byte[] bytes, LabelIndex.Child frame, boolean isNode) {
        try {
            return isNode ? readNode(new ByteReader(bytes, 0, bytes.length), columns)
                    : BlockPage.decode(bytes, columns);
        } catch (ByteReader.CorruptRecordException e) {
            throw new PocaduckException("label index " + name + " is corrupt: the block directory frame at offset "
                    + frame.offset() + " " + e.getMessage());
        }
    }

    static byte[] encodeNode(int level, List<Child> children) {
        ByteWriter out = new ByteWriter().varint(level).varint(children.size());
        for (Child child : children) {
            LabelIndex.Child frame = child.frame();
            out.string(child.firstBlock()).varint(frame.offset()).varint(frame.compressedSize()).varint(frame.size())
                    .fixed32(frame.crc());
            for (int c = 0; c < child.min().length; c++) {
                out.fixed64(Double.doubleToRawLongBits(child.min()[c]))
                        .fixed64(Double.doubleToRawLongBits(child.max()[c]));
            }
        }
        return out.toByteArray();
    }

    private static Node readNode(ByteReader in, int columns) throws ByteReader.CorruptRecordException {
        int level = in.count("level");
        Child[] children = new Child[in.itemCount("child count")];
        for (int c = 0; c < children.length; c++) {
            String first = in.string("first block");
            LabelIndex.Child frame = new LabelIndex.Child(0, in.varint("child offset"), in.count("child size"),
                    in.count("child uncompressed size"), in.fixed32("child checksum"));
            double[] min = new double[columns];
            double[] max = new double[columns];
            for (int d = 0; d < columns; d++) {
                min[d] = Double.longBitsToDouble(in.fixed64("bound"));
                max[d] = Double.longBitsToDouble(in.fixed64("bound"));
            }
            if (c > 0 && GenerationIndex.UTF8_ORDER.compare(first, children[c - 1].firstBlock()) < 0) {
                throw new ByteReader.CorruptRecordException("its children are not in block order at child " + c);
            }
            children[c] = new Child(first, frame, min, max);
        }
        if (in.remaining() != 0) {
            throw new ByteReader.CorruptRecordException(in.remaining() + " bytes follow a node's last child");
        }
        return new Node(level, children);
    }
}
