package org.pocaduck.internal.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pocaduck.PointSchema;

/**
 * Points written since the last flush, held column by column in primitive arrays, plus the list of chunks (one per
 * write: label, block, where its points start, how many). Flushing sorts the chunks, not the points: a chunk's points
 * stay one contiguous run that is copied in bulk.
 */
public final class PointBuffer {
    private final PointSchema schema;
    private final ColumnBuffer[] columns;
    private int size;

    private long[] chunkLabels = new long[1024];
    private int[] chunkBlocks = new int[1024];
    private int[] chunkStarts = new int[1024];
    private int[] chunkLengths = new int[1024];
    private int chunkCount;

    private final List<String> blockIds = new ArrayList<>();
    private final Map<String, Integer> blockIndex = new HashMap<>();

    public PointBuffer(PointSchema schema) {
        this.schema = schema;
        this.columns = new ColumnBuffer[schema.dimensions()];
        for (int d = 0; d < columns.length; d++) {
            columns[d] = ColumnBuffer.create(schema.name(d), schema.type(d), 0);
        }
    }

    public PointSchema schema() {
        return schema;
    }

    /** Points buffered. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Adds one chunk. Every value is validated and converted before the chunk counts: a rejected write leaves the
     * buffer exactly as it was.
     */
    public void append(long label, String blockId, InputRows rows) {
        if (store(rows)) {
            addChunk(label, blockId, size, rows.count());
            size += rows.count();
        }
    }

    /**
     * Adds rows that each carry their own label and block: every run of consecutive rows with the same label and
     * block becomes one chunk. As with {@link #append}, a rejected value leaves the buffer exactly as it was.
     */
    public void appendRows(long[] labels, String[] blockIds, InputRows rows) {
        if (!store(rows)) {
            return;
        }
        int count = rows.count();
        int runStart = 0;
        for (int row = 1; row <= count; row++) {
            if (row == count || labels[row] != labels[runStart] || !blockIds[row].equals(blockIds[runStart])) {
                addChunk(labels[runStart], blockIds[runStart], size + runStart, row - runStart);
                runStart = row;
            }
        }
        size += count;
    }

    /**
     * Checks and stores the rows' values after the buffered points, without counting them yet; returns false when
     * there are none.
     */
    private boolean store(InputRows rows) {
        int count = rows.count();
        rows.checkShape(columns.length, schema);
        if (count == 0) {
            return false;
        }
        if ((long) size + count > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the write buffer cannot hold " + count + " more points; flush first");
        }
        for (ColumnBuffer column : columns) {
            column.ensureCapacity(size + count);
        }
        rows.store(columns, size);
        return true;
    }

    private void addChunk(long label, String blockId, int start, int length) {
        if (chunkCount == chunkLabels.length) {
            int capacity = ColumnBuffer.grown(chunkCount, chunkCount + 1);
            chunkLabels = Arrays.copyOf(chunkLabels, capacity);
            chunkBlocks = Arrays.copyOf(chunkBlocks, capacity);
            chunkStarts = Arrays.copyOf(chunkStarts, capacity);
            chunkLengths = Arrays.copyOf(chunkLengths, capacity);
        }
        chunkLabels[chunkCount] = label;
        chunkBlocks[chunkCount] = blockIndex.computeIfAbsent(blockId, id -> {
            blockIds.add(id);
            return blockIds.size() - 1;
        });
        chunkStarts[chunkCount] = start;
        chunkLengths[chunkCount] = length;
        chunkCount++;
    }

    /**
     * Keeps only the points of {@code slice}, a file {@link #planFiles} planned from this buffer, as if they alone had
     * been written (in the order of the slice), and forgets the rest.
     */
    public void retainOnly(FileSlice slice) {
        if (slice.buffer() != this) {
            throw new IllegalArgumentException("the slice was planned from another buffer");
        }
        int count = Math.toIntExact(slice.points());
        Object[] kept = new Object[columns.length];
        for (int d = 0; d < columns.length; d++) {
            kept[d] = columns[d].newArray(count);
            for (int p = 0, at = 0; p < slice.pieces(); at += slice.length(p), p++) {
                columns[d].copyInto(slice.start(p), kept[d], at, slice.length(p));
            }
        }
        int pieces = slice.pieces();
        long[] labels = new long[pieces];
        String[] blocks = new String[pieces];
        for (int p = 0; p < pieces; p++) {
            labels[p] = slice.label(p);
            blocks[p] = slice.blockId(p);
        }
        clear();
        for (int p = 0; p < pieces; p++) {
            addChunk(labels[p], blocks[p], size, slice.length(p));
            size += slice.length(p);
        }
        for (int d = 0; d < columns.length; d++) {
            columns[d].copyFrom(kept[d], 0, 0, count);
        }
    }

    /** Forgets everything buffered, keeping the allocated arrays for the next round. */
    public void clear() {
        size = 0;
        chunkCount = 0;
        blockIds.clear();
        blockIndex.clear();
    }

    /**
     * Splits the buffered points, sorted by (label as unsigned, block id, write order), into consecutive files of at
     * most {@code maxPointsPerFile} points; a chunk that does not fit continues in the next file.
     */
    public List<FileSlice> planFiles(long maxPointsPerFile) {
        int[] blockRank = blockRanks();
        int[] order = StableSort.sortedIndices(chunkCount, (a, b) -> {
            int byLabel = Long.compareUnsigned(chunkLabels[a], chunkLabels[b]);
            return byLabel != 0 ? byLabel : Integer.compare(blockRank[chunkBlocks[a]], blockRank[chunkBlocks[b]]);
        });
        List<FileSlice> files = new ArrayList<>();
        FileSlice current = new FileSlice(this);
        for (int chunk : order) {
            int offset = 0;
            while (offset < chunkLengths[chunk]) {
                if (current.points() == maxPointsPerFile) {
                    files.add(current);
                    current = new FileSlice(this);
                }
                int length = (int) Math.min(chunkLengths[chunk] - offset, maxPointsPerFile - current.points());
                current.add(chunkLabels[chunk], chunkBlocks[chunk], chunkStarts[chunk] + offset, length);
                offset += length;
            }
        }
        if (current.points() > 0) {
            files.add(current);
        }
        return files;
    }


    /** Each block's position in the sorted block ids, so chunks compare blocks by an int. */
    private int[] blockRanks() {
        Integer[] byName = new Integer[blockIds.size()];
        for (int i = 0; i < byName.length; i++) {
            byName[i] = i;
        }
        Arrays.sort(byName, (a, b) -> blockIds.get(a).compareTo(blockIds.get(b)));
        int[] rank = new int[byName.length];
        for (int r = 0; r < byName.length; r++) {
            rank[byName[r]] = r;
        }
        return rank;
    }

    ColumnBuffer column(int d) {
        return columns[d];
    }

    int dimensions() {
        return columns.length;
    }

    String blockId(int block) {
        return blockIds.get(block);
    }
}
