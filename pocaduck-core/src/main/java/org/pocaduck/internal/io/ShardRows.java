package org.pocaduck.internal.io;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.pocaduck.PocaduckException;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.index.LabelChunks;
import org.pocaduck.internal.index.LabelDirectory;
import org.pocaduck.internal.index.LabelRanges;

/**
 * The points of a shard (a range of labels) in optimized order, read from a consolidated generation a batch of
 * whole labels at a time so that memory stays bounded by the batch (or the largest label): labels in unsigned order,
 * and within a label by block id, then by source file and row — a deterministic order in which each (label, block)
 * is one run of rows. With deduplication, a point identical (bit for bit, in every column) to an earlier point of the
 * same label is dropped, keeping the first in that order.
 *
 * <p>A cursor over runs of rows: the writer takes rows of the current run with {@link #consume}. {@code progress}
 * hears the points of each batch read.
 */
public final class ShardRows {
    private final PointReader reader;
    private final LabelDirectory directory;
    private final LabelChunks chunks;
    private final boolean deduplicate;
    private final long batchPoints;
    private final LongConsumer progress;
    private final ColumnBuffer[] columns;

    private int nextChunk;
    private long pointsRead;

    private long[] runLabels = new long[256];
    private int[] runBlocks = new int[256];
    private int[] runStarts = new int[256];
    private int[] runLengths = new int[256];
    private long[] runLabelRows = new long[256];
    private int runCount;
    private int run;
    private int consumedInRun;
    private long labelLeft;
    private int[] dedupTable = new int[0];

    public ShardRows(PointReader reader, LabelDirectory directory, LabelChunks chunks, PointSchema schema,
            boolean deduplicate, long batchPoints, LongConsumer progress) {
        this.reader = reader;
        this.directory = directory;
        this.chunks = chunks;
        this.deduplicate = deduplicate;
        this.batchPoints = batchPoints;
        this.progress = progress;
        this.columns = new ColumnBuffer[schema.dimensions()];
        for (int d = 0; d < columns.length; d++) {
            columns[d] = ColumnBuffer.create(schema.name(d), schema.type(d), 0);
        }
    }

    /** Whether rows are left; loads the next batch of labels when the current one is used up. */
    public boolean hasRows() {
        while (run < runCount && consumedInRun == runLengths[run]) {
            run++;
            consumedInRun = 0;
            if (run < runCount && runLabels[run] != runLabels[run - 1]) {
                labelLeft = runLabelRows[run];
            }
        }
        if (run < runCount) {
            return true;
        }
        while (nextChunk < chunks.size()) {
            loadBatch();
            if (runCount > 0) {
                return true;
            }
        }
        return false;
    }

    public long label() {
        return runLabels[run];
    }

    /** The current run's block, numbered as in {@link LabelChunks#blockIds()}. */
    public int block() {
        return runBlocks[run];
    }

    /** Where the unconsumed rows of the current run start in {@link #column}. */
    public int position() {
        return runStarts[run] + consumedInRun;
    }

    public int runRemaining() {
        return runLengths[run] - consumedInRun;
    }

    /** Rows of the current label not consumed yet (after deduplication). */
    public long labelRemaining() {
        return labelLeft;
    }

    /** Whether no row of the current label has been consumed yet. */
    public boolean atLabelStart() {
        return labelLeft == runLabelRows[run];
    }

    public void consume(int rows) {
        consumedInRun += rows;
        labelLeft -= rows;
    }

    ColumnBuffer column(int d) {
        return columns[d];
    }

    int dimensions() {
        return columns.length;
    }

    /** Points read from the source so far (before deduplication). */
    public long pointsRead() {
        return pointsRead;
    }

    /** Reads the next labels, up to {@code batchPoints} points (at least one label), and lays them out in runs. */
    private void loadBatch() {
        int first = nextChunk;
        int end = first;
        long points = 0;
        while (end < chunks.size()) {
            int labelEnd = end;
            long labelPoints = 0;
            while (labelEnd < chunks.size() && chunks.label(labelEnd) == chunks.label(end)) {
                labelPoints += chunks.count(labelEnd);
                labelEnd++;
            }
            if (end > first && points + labelPoints > batchPoints) {
                break;
            }
            points += labelPoints;
            end = labelEnd;
        }
        if (points > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("label " + Long.toUnsignedString(chunks.label(first)) + " has " + points
                    + " points, more than one optimization batch can hold");
        }
        Map<Long, LabelRanges> ranges = new LinkedHashMap<>();
        for (int c = first; c < end; c++) {
            ranges.computeIfAbsent(chunks.label(c), directory::ranges);
        }
        Map<Long, Object[]> source = reader.readColumns(ranges);
        for (ColumnBuffer column : columns) {
            column.ensureCapacity((int) points);
        }
        runCount = 0;
        run = 0;
        consumedInRun = 0;
        int position = 0;
        int chunk = first;
        while (chunk < end) {
            long label = chunks.label(chunk);
            LabelRanges labelRanges = ranges.get(label);
            Object[] labelColumns = source.get(label);
            long[] fileOffsets = fileOffsets(labelRanges);
            int labelStart = position;
            int firstRun = runCount;
            for (; chunk < end && chunks.label(chunk) == label; chunk++) {
                int file = Arrays.binarySearch(labelRanges.fileIds(), chunks.fileId(chunk));
                long inRange = chunks.rowStart(chunk) - (file < 0 ? 0 : labelRanges.rowStarts()[file]);
                int count = chunks.count(chunk);
                if (file < 0 || inRange < 0 || inRange + count > labelRanges.rowCounts()[file]) {
                    throw new PocaduckException("index is inconsistent: a chunk of label " + Long.toUnsignedString(label)
                            + " in file " + chunks.fileId(chunk) + " lies outside the label's row range there");
                }
                int from = (int) (fileOffsets[file] + inRange);
                for (int d = 0; d < columns.length; d++) {
                    columns[d].copyFrom(labelColumns[d], from, position, count);
                }
                if (runCount > firstRun && runBlocks[runCount - 1] == chunks.block(chunk)) {
                    runLengths[runCount - 1] += count;
                } else {
                    addRun(label, chunks.block(chunk), position, count);
                }
                position += count;
            }
            if (position - labelStart != labelRanges.points()) {
                throw new PocaduckException("index is inconsistent: label " + Long.toUnsignedString(label) + " has "
                        + (position - labelStart) + " points in its chunks but " + labelRanges.points()
                        + " in its row ranges");
            }
            pointsRead += position - labelStart;
            if (deduplicate) {
                position = deduplicate(labelStart, position, firstRun);
            }
            for (int r = firstRun; r < runCount; r++) {
                runLabelRows[r] = position - labelStart;
            }
        }
        nextChunk = end;
        progress.accept(points);
        if (runCount > 0) {
            labelLeft = runLabelRows[0];
        }
    }

    /** Where each of a label's file ranges starts in the label's file-ordered columns. */
    private static long[] fileOffsets(LabelRanges ranges) {
        long[] offsets = new long[ranges.files()];
        for (int i = 1; i < offsets.length; i++) {
            offsets[i] = offsets[i - 1] + ranges.rowCounts()[i - 1];
        }
        return offsets;
    }

    private void addRun(long label, int block, int start, int length) {
        if (runCount == runLabels.length) {
            int capacity = runCount * 2;
            runLabels = Arrays.copyOf(runLabels, capacity);
            runBlocks = Arrays.copyOf(runBlocks, capacity);
            runStarts = Arrays.copyOf(runStarts, capacity);
            runLengths = Arrays.copyOf(runLengths, capacity);
            runLabelRows = Arrays.copyOf(runLabelRows, capacity);
        }
        runLabels[runCount] = label;
        runBlocks[runCount] = block;
        runStarts[runCount] = start;
        runLengths[runCount] = length;
        runCount++;
    }

    /**
     * Drops the rows of [from, to) identical to an earlier row of that range, keeping the survivors' order, and
     * shrinks the label's runs (from {@code firstRun}) to match, dropping runs left empty. Returns the new end.
     */
    private int deduplicate(int from, int to, int firstRun) {
        int size = Integer.highestOneBit(Math.max(2, (to - from) * 2 - 1)) << 1;
        if (dedupTable.length < size) {
            dedupTable = new int[size];
        }
        Arrays.fill(dedupTable, 0, size, -1);
        int mask = size - 1;
        int write = from;
        int keptRuns = firstRun;
        for (int r = firstRun; r < runCount; r++) {
            int runStart = runStarts[r];
            int runEnd = runStart + runLengths[r];
            int runWrite = write;
            for (int row = runStart; row < runEnd; row++) {
                int slot = (int) hash(row) & mask;
                boolean duplicate = false;
                while (dedupTable[slot] >= 0) {
                    if (sameRow(dedupTable[slot], row)) {
                        duplicate = true;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                if (!duplicate) {
                    if (write != row) {
                        for (ColumnBuffer column : columns) {
                            column.move(row, write);
                        }
                    }
                    dedupTable[slot] = write;
                    write++;
                }
            }
            if (write > runWrite) {
                runLabels[keptRuns] = runLabels[r];
                runBlocks[keptRuns] = runBlocks[r];
                runStarts[keptRuns] = runWrite;
                runLengths[keptRuns] = write - runWrite;
                keptRuns++;
            }
        }
        runCount = keptRuns;
        return write;
    }

    private long hash(int row) {
        long hash = 0;
        for (ColumnBuffer column : columns) {
            hash = (hash ^ column.bits(row)) * 0x9E3779B97F4A7C15L;
            hash ^= hash >>> 29;
        }
        return hash ^ (hash >>> 32);
    }

    private boolean sameRow(int a, int b) {
        for (ColumnBuffer column : columns) {
            if (column.bits(a) != column.bits(b)) {
                return false;
            }
        }
        return true;
    }
}
