package org.pocaduck.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Gathers consecutive rows of the same (label, block) into one {@link PointChunk}, handed on when the key changes or
 * at {@link #finish()}. Rows hold {@code long}s or {@code double}s, as the input's columns are integers or not.
 */
final class ChunkCollector {

    private final boolean floating;
    private final Consumer<PointChunk> sink;
    private final List<Object> rows = new ArrayList<>();
    private long label;
    private String blockId;

    ChunkCollector(boolean floating, Consumer<PointChunk> sink) {
        this.floating = floating;
        this.sink = sink;
    }

    void add(long rowLabel, String rowBlockId, long[] row) {
        startRow(rowLabel, rowBlockId);
        rows.add(row);
    }

    void add(long rowLabel, String rowBlockId, double[] row) {
        startRow(rowLabel, rowBlockId);
        rows.add(row);
    }

    void finish() {
        if (rows.isEmpty()) {
            return;
        }
        sink.accept(floating
                ? new PointChunk.Floats(label, blockId, rows.toArray(double[][]::new))
                : new PointChunk.Integers(label, blockId, rows.toArray(long[][]::new)));
        rows.clear();
    }

    private void startRow(long rowLabel, String rowBlockId) {
        if (!rows.isEmpty() && (rowLabel != label || !Objects.equals(rowBlockId, blockId))) {
            finish();
        }
        label = rowLabel;
        blockId = rowBlockId;
    }
}
