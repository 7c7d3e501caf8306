package org.pocaduck.spark;

import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.pocaduck.Ingestor;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;

/**
 * Turns a task's rows into {@link Ingestor#write} calls: consecutive rows of one (label, block) become one chunk,
 * collected column-wise in primitive arrays. Rows sorted by block and label make one chunk per (label, block); any
 * other order stores the same points in more, smaller chunks.
 */
final class ChunkWriter {
    private static final int INITIAL_CAPACITY = 1024;

    private final PointColumns columns;
    private final PointSchema schema;
    private final Ingestor ingestor;
    private final Object[] buffers;
    private int size;
    private long label;
    private String blockId;
    private long points;

    ChunkWriter(PointColumns columns, Ingestor ingestor) {
        this.columns = columns;
        this.schema = columns.schema();
        this.ingestor = ingestor;
        this.buffers = new Object[columns.dimensions()];
        for (int d = 0; d < buffers.length; d++) {
            buffers[d] = newColumn(d, INITIAL_CAPACITY);
        }
    }

    void add(Row row) {
        long rowLabel = columns.label(row);
        String rowBlock = columns.blockId(row);
        if (size > 0 && (rowLabel != label || !rowBlock.equals(blockId))) {
            writeChunk();
        }
        label = rowLabel;
        blockId = rowBlock;
        if (size == capacity()) {
            grow();
        }
        for (int d = 0; d < buffers.length; d++) {
            columns.requireValue(row, d);
            int column = columns.columnIndex(d);
            switch (columns.type(d)) {
                case INT32 -> ((int[]) buffers[d])[size] = row.getInt(column);
                case INT64 -> ((long[]) buffers[d])[size] = row.getLong(column);
                case FLOAT32 -> ((float[]) buffers[d])[size] = row.getFloat(column);
                case FLOAT64 -> ((double[]) buffers[d])[size] = row.getDouble(column);
            }
        }
        size++;
    }

    /** Writes the last chunk; returns the points written in all. */
    long finish() {
        if (size > 0) {
            writeChunk();
        }
        return points;
    }

    private void writeChunk() {
        Object[] chunk = new Object[buffers.length];
        for (int d = 0; d < buffers.length; d++) {
            chunk[d] = copy(buffers[d], size);
        }
        ingestor.write(label, blockId, PointCloud.ofColumns(schema, chunk));
        points += size;
        size = 0;
    }

    private int capacity() {
        return java.lang.reflect.Array.getLength(buffers[0]);
    }

    private void grow() {
        int doubled = capacity() * 2;
        for (int d = 0; d < buffers.length; d++) {
            buffers[d] = copy(buffers[d], doubled);
        }
    }

    private Object newColumn(int dimension, int length) {
        return switch (columns.type(dimension)) {
            case INT32 -> new int[length];
            case INT64 -> new long[length];
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
        };
    }

    private static Object copy(Object column, int length) {
        if (column instanceof int[] values) {
            return Arrays.copyOf(values, length);
        } else if (column instanceof long[] values) {
            return Arrays.copyOf(values, length);
        } else if (column instanceof float[] values) {
            return Arrays.copyOf(values, length);
        }
        return Arrays.copyOf((double[]) column, length);
    }
}
