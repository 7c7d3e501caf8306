package org.pocaduck.internal.index;

import org.pocaduck.internal.format.ByteReader;
import org.pocaduck.internal.format.ByteWriter;

/**
 * One page of a label index's block directory: a run of consecutive blocks (in UTF-8 order of their ids) with the
 * labels each holds and, per (block, label), the bounds of the label's points in that block. It answers which labels a
 * block holds, and which labels may lie in a box, without touching the label pages.
 *
 * <p>Encoding, before compression: the block count; per block its id, its label count and its labels in unsigned
 * order (the first as 8 little-endian bytes, the others as the unsigned difference to the previous one, a varint);
 * then the {@link ChunkBounds} of every (block, label) entry in that order.
 */
final class BlockPage implements LabelIndex.Weighted {
    final String[] blocks;
    /** Where each block's entries start; {@code blocks.length + 1} entries. */
    final int[] firstEntry;
    final long[] labels;
    final ChunkBounds bounds;

    BlockPage(String[] blocks, int[] firstEntry, long[] labels, ChunkBounds bounds) {
        this.blocks = blocks;
        this.firstEntry = firstEntry;
        this.labels = labels;
        this.bounds = bounds;
    }

    @Override
    public long weight() {
        return 64 + 48L * blocks.length + (8 + 16L * bounds.columns()) * labels.length;
    }

    byte[] encode() {
        ByteWriter out = new ByteWriter();
        out.varint(blocks.length);
        for (int b = 0; b < blocks.length; b++) {
            out.string(blocks[b]).varint(firstEntry[b + 1] - firstEntry[b]);
            for (int e = firstEntry[b]; e < firstEntry[b + 1]; e++) {
                if (e == firstEntry[b]) {
                    out.fixed64(labels[e]);
                } else {
                    out.unsignedVarint(labels[e] - labels[e - 1]);
                }
            }
        }
        bounds.encode(out);
        return out.toByteArray();
    }

    /**
     * Decodes a page, checking every number against what the page holds.
     *
     * @throws ByteReader.CorruptRecordException if the bytes are not a page
     */
    static BlockPage decode(byte[] bytes, int columns) throws ByteReader.CorruptRecordException {
        ByteReader in = new ByteReader(bytes, 0, bytes.length);
        String[] blocks = new String[in.itemCount("block count")];
        int[] firstEntry = new int[blocks.length + 1];
        long[] labels = new long[64];
        int entries = 0;
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = in.string("block id");
            if (b > 0 && GenerationIndex.UTF8_ORDER.compare(blocks[b - 1], blocks[b]) >= 0) {
                throw new ByteReader.CorruptRecordException("its blocks are not in order at block " + b);
            }
            int count = in.itemCount("label count");
            if (count == 0) {
                throw new ByteReader.CorruptRecordException("block " + b + " has no label");
            }
            firstEntry[b] = entries;
            for (int i = 0; i < count; i++) {
                if (entries == labels.length) {
                    labels = java.util.Arrays.copyOf(labels, entries * 2);
                }
                if (i == 0) {
                    labels[entries] = in.fixed64("first label");
                } else {
                    long step = in.unsignedVarint("label step");
                    long previous = labels[entries - 1];
                    if (step == 0 || Long.compareUnsigned(previous + step, previous) <= 0) {
                        throw new ByteReader.CorruptRecordException("the labels of block " + b
                                + " are not strictly increasing");
                    }
                    labels[entries] = previous + step;
                }
                entries++;
            }
        }
        firstEntry[blocks.length] = entries;
        ChunkBounds bounds = ChunkBounds.decode(in, entries, columns);
        if (in.remaining() != 0) {
            throw new ByteReader.CorruptRecordException(in.remaining() + " bytes follow its last block");
        }
        return new BlockPage(blocks, firstEntry, java.util.Arrays.copyOf(labels, entries), bounds);
    }
}
