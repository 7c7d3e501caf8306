package org.pocaduck.internal.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.pocaduck.PocaduckException;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.index.LabelChunks;
import org.pocaduck.internal.index.LabelIndex;

/**
 * The points of a shard (a range of labels) in optimized order, read from a consolidated generation a batch of
 * whole labels at a time so that memory stays bounded by the batch (or the largest label): labels in unsigned order,
 * and within a label in the order {@link LabelChunks} gives its chunks (blocks in spatial order, a block's chunks by
 * source file and row) — a deterministic order in which each (label, block) is one run of rows. With deduplication, a point identical (bit for bit, in every column) to an earlier point of the
 * same label is dropped, keeping the first in that order.
 *
 * <p>A cursor over runs of rows: the writer takes rows of the current run with {@link #consume}. {@code progress}
 * hears the points of each batch read.
 */
public final class ShardRows {
    private final PointReader reader;
    private final PointReader.PartSource parts;
    private final LabelIndex directory;
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

    public ShardRows(PointReader reader, PointReader.PartSource parts, LabelIndex directory, LabelChunks chunks,
            PointSchema schema, boolean deduplicate, long batchPoints, LongConsumer progress) {
        this.reader = reader;
        this.parts = parts;
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
        for (ColumnBuffer column : columns) {
            column.ensureCapacity((int) points);
        }
        Object[] destination = new Object[columns.length];
        for (int d = 0; d < columns.length; d++) {
            destination[d] = columns[d].storage;
        }
        // Each chunk is read straight to its place in optimized order; the reader still reads each file once.
        List<PointReader.Read> reads = new ArrayList<>();
        runCount = 0;
        run = 0;
        consumedInRun = 0;
        int position = 0;
        int chunk = first;
        while (chunk < end) {
            long label = chunks.label(chunk);
            int labelStart = position;
            int firstRun = runCount;
            for (; chunk < end && chunks.label(chunk) == label; chunk++) {
                int count = chunks.count(chunk);
                reads.add(new PointReader.Read(chunks.fileId(chunk), chunks.rowStart(chunk), count, destination,
                        position));
                if (runCount > firstRun && runBlocks[runCount - 1] == chunks.block(chunk)) {
                    runLengths[runCount - 1] += count;
                } else {
                    addRun(label, chunks.block(chunk), position, count);
                }
                position += count;
            }
            long indexed = directory.pointCount(label);
            if (position - labelStart != indexed) {
                throw new PocaduckException("index is inconsistent: label " + Long.toUnsignedString(label) + " has "
                        + (position - labelStart) + " points in its chunks but " + indexed + " in its label entry");
            }
        }
        reader.read(reads, parts);
        pointsRead += position;
        if (deduplicate) {
            compactDuplicates();
        }
        int runStart = 0;
        while (runStart < runCount) {
            int runEnd = runStart;
            long labelRows = 0;
            while (runEnd < runCount && runLabels[runEnd] == runLabels[runStart]) {
                labelRows += runLengths[runEnd];
                runEnd++;
            }
            Arrays.fill(runLabelRows, runStart, runEnd, labelRows);
            runStart = runEnd;
        }
        nextChunk = end;
        progress.accept(points);
        if (runCount > 0) {
            labelLeft = runLabelRows[0];
        }
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
     * Drops every row identical to an earlier row of the same label, keeping the survivors' order and moving them
     * down over the gaps, and shrinks the runs to match, dropping runs left empty.
     */
    private void compactDuplicates() {
        int write = 0;
        int keptRuns = 0;
        int r = 0;
        while (r < runCount) {
            long label = runLabels[r];
            int labelEnd = r;
            long labelRows = 0;
            while (labelEnd < runCount && runLabels[labelEnd] == label) {
                labelRows += runLengths[labelEnd];
                labelEnd++;
            }
            int size = Integer.highestOneBit((int) Math.max(2, labelRows * 2 - 1)) << 1;
            if (dedupTable.length < size) {
                dedupTable = new int[size];
            }
            Arrays.fill(dedupTable, 0, size, -1);
            int mask = size - 1;
            for (; r < labelEnd; r++) {
                int runWrite = write;
                for (int row = runStarts[r]; row < runStarts[r] + runLengths[r]; row++) {
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
        }
        runCount = keptRuns;
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
