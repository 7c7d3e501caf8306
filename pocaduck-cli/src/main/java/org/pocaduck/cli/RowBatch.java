package org.pocaduck.cli;

import org.pocaduck.Ingestor;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;

/**
 * Consecutive rows of an input file as columns: each row's label and block id, and its point as one primitive array
 * per column of {@code schema} (the dataset's). Consecutive rows of one block share one block id String, so
 * comparing them is cheap.
 */
record RowBatch(long[] labels, String[] blockIds, PointSchema schema, Object[] columns) {

    int size() {
        return labels.length;
    }

    void writeTo(Ingestor ingestor) {
        ingestor.write(labels, blockIds, PointCloud.ofColumns(schema, columns));
    }

    /** A new, empty column array of the type {@code schema} gives column {@code d}. */
    static Object newColumn(PointSchema schema, int d, int rows) {
        return switch (schema.type(d)) {
            case INT32 -> new int[rows];
            case INT64 -> new long[rows];
            case FLOAT32 -> new float[rows];
            case FLOAT64 -> new double[rows];
        };
    }

    /**
     * Splits the rows by worker, {@code workerOfRow[i]} naming the worker of row {@code i}, keeping each worker's
     * rows in file order. A worker without rows gets null.
     */
    RowBatch[] split(int[] workerOfRow, int workers) {
        int[] counts = new int[workers];
        for (int worker : workerOfRow) {
            counts[worker]++;
        }
        RowBatch[] parts = new RowBatch[workers];
        for (int w = 0; w < workers; w++) {
            if (counts[w] == size()) {
                parts[w] = this;
                return parts;
            }
        }
        long[][] labelParts = new long[workers][];
        String[][] blockParts = new String[workers][];
        Object[][] columnParts = new Object[workers][columns.length];
        for (int w = 0; w < workers; w++) {
            labelParts[w] = new long[counts[w]];
            blockParts[w] = new String[counts[w]];
            for (int d = 0; d < columns.length; d++) {
                columnParts[w][d] = newColumn(schema, d, counts[w]);
            }
        }
        int[] next = new int[workers];
        for (int row = 0; row < workerOfRow.length; row++) {
            int w = workerOfRow[row];
            labelParts[w][next[w]] = labels[row];
            blockParts[w][next[w]++] = blockIds[row];
        }
        for (int d = 0; d < columns.length; d++) {
            Object[] targets = new Object[workers];
            for (int w = 0; w < workers; w++) {
                targets[w] = columnParts[w][d];
            }
            scatter(columns[d], workerOfRow, targets);
        }
        for (int w = 0; w < workers; w++) {
            if (counts[w] > 0) {
                parts[w] = new RowBatch(labelParts[w], blockParts[w], schema, columnParts[w]);
            }
        }
        return parts;
    }

    private static void scatter(Object column, int[] workerOfRow, Object[] targets) {
        int[] next = new int[targets.length];
        if (column instanceof long[] values) {
            for (int row = 0; row < values.length; row++) {
                int w = workerOfRow[row];
                ((long[]) targets[w])[next[w]++] = values[row];
            }
        } else if (column instanceof double[] values) {
            for (int row = 0; row < values.length; row++) {
                int w = workerOfRow[row];
                ((double[]) targets[w])[next[w]++] = values[row];
            }
        } else if (column instanceof int[] values) {
            for (int row = 0; row < values.length; row++) {
                int w = workerOfRow[row];
                ((int[]) targets[w])[next[w]++] = values[row];
            }
        } else {
            float[] values = (float[]) column;
            for (int row = 0; row < values.length; row++) {
                int w = workerOfRow[row];
                ((float[]) targets[w])[next[w]++] = values[row];
            }
        }
    }
}
