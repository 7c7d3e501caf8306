package org.pocaduck.internal.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chunk rows of a range of labels, held in primitive arrays with each block as its number in the sorted list of
 * the range's block ids: labels in unsigned order, and a label's chunks in index order (block id, file, first row)
 * until {@link #orderSpatially()} puts them in spatial order. Read from a generation's label index ({@link #of}), so
 * that an optimization needs nothing a reader does not.
 */
public final class LabelChunks {
    /** How many point columns (the first ones) the spatial order follows. */
    static final int SPATIAL_COLUMNS = 3;
    /** Bits of each column's position in the spatial key: three columns interleaved fill 63 bits. */
    private static final int KEY_BITS = 21;

    private long[] labels = new long[1024];
    private int[] blocks = new int[1024];
    private int[] fileIds = new int[1024];
    private long[] rowStarts = new long[1024];
    private int[] counts = new int[1024];
    private int size;
    private List<String> blockIds;
    private final int spatialColumns;
    /** Per chunk, its bounds in each spatial column, minimum then maximum. */
    private double[] bounds;

    LabelChunks(List<String> blockIds, int spatialColumns) {
        this.blockIds = List.copyOf(blockIds);
        this.spatialColumns = spatialColumns;
        this.bounds = new double[1024 * 2 * spatialColumns];
    }

    /**
     * The chunks of the labels from {@code first} to {@code last} (inclusive, unsigned) in a label index of one segment,
     * in spatial order. Only labels whose page keeps their chunks' bounds (those of at least
     * {@value LabelPage#BOUNDED_LABEL_CHUNKS} chunks) are ordered in space; a smaller label's few chunks stay in block
     * order, as do all of a label index without bounds (version 1).
     */
    public static LabelChunks of(LabelIndex index, long first, long last) {
        int columns = Math.min(SPATIAL_COLUMNS, index.boundColumns());
        // Blocks are numbered as first met, then renumbered in block id order once the range's are all known.
        Map<String, Integer> numbers = new HashMap<>();
        List<String> metIds = new ArrayList<>();
        LabelChunks met = new LabelChunks(List.of(), columns);
        double[] min = new double[columns];
        double[] max = new double[columns];
        LabelIndex.LabelPages pages = index.new LabelPages(first, last);
        for (LabelPage page = pages.next(); page != null; page = pages.next()) {
            for (int entry = 0; entry < page.labels.length; entry++) {
                long label = page.labels[entry];
                if (Long.compareUnsigned(label, first) < 0 || Long.compareUnsigned(label, last) > 0) {
                    continue;
                }
                for (int c = page.firstChunk[entry]; c < page.firstChunk[entry + 1]; c++) {
                    String blockId = page.blocks[page.chunkBlock[c]];
                    Integer block = numbers.putIfAbsent(blockId, metIds.size());
                    if (block == null) {
                        block = metIds.size();
                        metIds.add(blockId);
                    }
                    for (int d = 0; d < columns; d++) {
                        min[d] = page.bounds.min()[c * page.bounds.columns() + d];
                        max[d] = page.bounds.max()[c * page.bounds.columns() + d];
                    }
                    met.add(label, block, page.files[page.chunkFile[c]].id(), page.chunkRow[c], page.chunkCount[c],
                            min, max);
                }
            }
        }
        List<String> sortedIds = new ArrayList<>(metIds);
        sortedIds.sort(GenerationIndex.UTF8_ORDER);
        int[] rank = new int[metIds.size()];
        for (int b = 0; b < sortedIds.size(); b++) {
            rank[numbers.get(sortedIds.get(b))] = b;
        }
        met.renumberBlocks(sortedIds, rank);
        met.orderEachLabelByIndex();
        met.orderSpatially();
        return met;
    }

    /** Block number b becomes {@code rank[b]}, a number into {@code sortedIds}. */
    private void renumberBlocks(List<String> sortedIds, int[] rank) {
        blockIds = List.copyOf(sortedIds);
        for (int c = 0; c < size; c++) {
            blocks[c] = rank[blocks[c]];
        }
    }

    /**
     * Puts each label's chunks in index order: block, file, first row (a label index holds them in file order).
     * Labels are in order already: pages hold them so.
     */
    private void orderEachLabelByIndex() {
        int from = 0;
        while (from < size) {
            int to = from + 1;
            boolean ordered = true;
            while (to < size && labels[to] == labels[from]) {
                ordered &= compareByIndex(to - 1, to) <= 0;
                to++;
            }
            if (!ordered) {
                Integer[] order = new Integer[to - from];
                for (int i = 0; i < order.length; i++) {
                    order[i] = from + i;
                }
                Arrays.sort(order, this::compareByIndex);
                reorder(from, order);
            }
            from = to;
        }
    }

    private int compareByIndex(int x, int y) {
        if (blocks[x] != blocks[y]) {
            return Integer.compare(blocks[x], blocks[y]);
        }
        return fileIds[x] != fileIds[y] ? Integer.compare(fileIds[x], fileIds[y])
                : Long.compare(rowStarts[x], rowStarts[y]);
    }

    /** Puts chunk {@code order[i]} at position {@code from + i}, for the chunks of one label, bounds too. */
    private void reorder(int from, Integer[] order) {
        int n = order.length;
        int width = 2 * spatialColumns;
        int[] newBlocks = new int[n];
        int[] newFiles = new int[n];
        long[] newRows = new long[n];
        int[] newCounts = new int[n];
        double[] newBounds = new double[n * width];
        for (int i = 0; i < n; i++) {
            int c = order[i];
            newBlocks[i] = blocks[c];
            newFiles[i] = fileIds[c];
            newRows[i] = rowStarts[c];
            newCounts[i] = counts[c];
            System.arraycopy(bounds, c * width, newBounds, i * width, width);
        }
        System.arraycopy(newBlocks, 0, blocks, from, n);
        System.arraycopy(newFiles, 0, fileIds, from, n);
        System.arraycopy(newRows, 0, rowStarts, from, n);
        System.arraycopy(newCounts, 0, counts, from, n);
        System.arraycopy(newBounds, 0, bounds, from * width, n * width);
    }

    void add(long label, int block, int fileId, long rowStart, int count, double[] min, double[] max) {
        if (size == labels.length) {
            int capacity = size * 2;
            labels = Arrays.copyOf(labels, capacity);
            blocks = Arrays.copyOf(blocks, capacity);
            fileIds = Arrays.copyOf(fileIds, capacity);
            rowStarts = Arrays.copyOf(rowStarts, capacity);
            counts = Arrays.copyOf(counts, capacity);
            bounds = Arrays.copyOf(bounds, capacity * 2 * spatialColumns);
        }
        System.arraycopy(min, 0, bounds, size * 2 * spatialColumns, spatialColumns);
        System.arraycopy(max, 0, bounds, (size * 2 + 1) * spatialColumns, spatialColumns);
        labels[size] = label;
        blocks[size] = block;
        fileIds[size] = fileId;
        rowStarts[size] = rowStart;
        counts[size] = count;
        size++;
    }

    /**
     * Orders each label's chunks along a Z-order curve through the centres of their blocks' bounds (scaled to the
     * label's extent), keeping the chunks of one block together in block, file and row order. An optimized file then
     * holds a label's chunks that lie near each other in space in nearby rows, so that the rows of a small region fall
     * in few row groups and a spatial query reads few column chunks.
     */
    void orderSpatially() {
        int from = 0;
        while (from < size) {
            int to = from + 1;
            while (to < size && labels[to] == labels[from]) {
                to++;
            }
            if (to - from > 1 && spatialColumns > 0) {
                orderSpatially(from, to);
            }
            from = to;
        }
    }

    private void orderSpatially(int from, int to) {
        // The chunks of one block (in several files) come one after another: all take the centre of their union.
        double[] centres = new double[(to - from) * spatialColumns];
        for (int first = from, next; first < to; first = next) {
            next = first + 1;
            while (next < to && blocks[next] == blocks[first]) {
                next++;
            }
            for (int d = 0; d < spatialColumns; d++) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = first; c < next; c++) {
                    min = Math.min(min, bounds[c * 2 * spatialColumns + d]);
                    max = Math.max(max, bounds[(c * 2 + 1) * spatialColumns + d]);
                }
                for (int c = first; c < next; c++) {
                    centres[(c - from) * spatialColumns + d] = (min + max) / 2;
                }
            }
        }
        double[] low = new double[spatialColumns];
        double[] high = new double[spatialColumns];
        Arrays.fill(low, Double.POSITIVE_INFINITY);
        Arrays.fill(high, Double.NEGATIVE_INFINITY);
        for (int c = from; c < to; c++) {
            for (int d = 0; d < spatialColumns; d++) {
                double value = centres[(c - from) * spatialColumns + d];
                if (Double.isFinite(value)) {
                    low[d] = Math.min(low[d], value);
                    high[d] = Math.max(high[d], value);
                }
            }
        }
        long[] keys = new long[to - from];
        for (int c = from; c < to; c++) {
            long key = 0;
            for (int d = 0; d < spatialColumns; d++) {
                key |= spread(cell(centres[(c - from) * spatialColumns + d], low[d], high[d])) << d;
            }
            keys[c - from] = key;
        }
        Integer[] order = new Integer[to - from];
        for (int i = 0; i < order.length; i++) {
            order[i] = from + i;
        }
        // The index order (block, file, row) breaks ties: chunks of one block share a key and stay in that order.
        Arrays.sort(order, (x, y) -> keys[x - from] != keys[y - from] ? Long.compare(keys[x - from], keys[y - from])
                : Integer.compare(x, y));
        reorder(from, order);
    }

    /** The value's cell among {@code 2^KEY_BITS} along [low, high]; a value that is not finite goes to cell 0. */
    private static long cell(double value, double low, double high) {
        if (!Double.isFinite(value) || !(high > low)) {
            return 0;
        }
        double scaled = (value - low) / (high - low) * ((1 << KEY_BITS) - 1);
        return Math.max(0, Math.min((1L << KEY_BITS) - 1, (long) scaled));
    }

    /** The low {@value #KEY_BITS} bits of {@code value} spread to every third bit. */
    private static long spread(long value) {
        long bits = value & ((1L << KEY_BITS) - 1);
        bits = (bits | bits << 32) & 0x1f00000000ffffL;
        bits = (bits | bits << 16) & 0x1f0000ff0000ffL;
        bits = (bits | bits << 8) & 0x100f00f00f00f00fL;
        bits = (bits | bits << 4) & 0x10c30c30c30c30c3L;
        bits = (bits | bits << 2) & 0x1249249249249249L;
        return bits;
    }

    public int size() {
        return size;
    }

    public long label(int chunk) {
        return labels[chunk];
    }

    /** The chunk's block as a number into {@link #blockIds()}. */
    public int block(int chunk) {
        return blocks[chunk];
    }

    public int fileId(int chunk) {
        return fileIds[chunk];
    }

    public long rowStart(int chunk) {
        return rowStarts[chunk];
    }

    public int count(int chunk) {
        return counts[chunk];
    }

    /** Every block id, by number. */
    public List<String> blockIds() {
        return blockIds;
    }
}
