package org.pocaduck.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.pocaduck.PointSchema;

/**
 * Turns the Arrow batches of a query {@code SELECT label, block_id, <point columns>} into {@link RowBatch}es: fixed
 * width columns are copied in bulk, and a block id String is made only where the block changes. A NULL is a value
 * the query could not convert; it is reported through {@link Rejection} with its row in the file.
 */
final class ArrowRows {

    /** Explains why the value at a row and column (0 label, 1 block id, 2... points) did not convert. */
    interface Rejection {
        IllegalArgumentException of(long row, int column, String expected);
    }

    private final PointSchema schema;
    private final Rejection rejection;
    private long rowsBefore;
    private String previousBlock;

    ArrowRows(PointSchema schema, Rejection rejection) {
        this.schema = schema;
        this.rejection = rejection;
    }

    RowBatch decode(VectorSchemaRoot root) {
        int rows = root.getRowCount();
        requireValues(root.getVector(0), 0, "an unsigned 64-bit integer label (0 to 18446744073709551615)");
        requireValues(root.getVector(1), 1, "a block id");
        for (int d = 0; d < schema.dimensions(); d++) {
            requireValues(root.getVector(d + 2), d + 2, "a value that fits the dataset's " + schema.type(d).label()
                    + " column " + schema.name(d) + " exactly");
        }
        long[] labels = new long[rows];
        view(root.getVector(0), rows, Long.BYTES).asLongBuffer().get(labels);
        String[] blockIds = blockIds((VarCharVector) root.getVector(1), rows);
        Object[] columns = new Object[schema.dimensions()];
        for (int d = 0; d < columns.length; d++) {
            columns[d] = RowBatch.newColumn(schema, d, rows);
            FieldVector vector = root.getVector(d + 2);
            switch (schema.type(d)) {
                case INT32 -> view(vector, rows, Integer.BYTES).asIntBuffer().get((int[]) columns[d]);
                case INT64 -> view(vector, rows, Long.BYTES).asLongBuffer().get((long[]) columns[d]);
                case FLOAT32 -> view(vector, rows, Float.BYTES).asFloatBuffer().get((float[]) columns[d]);
                case FLOAT64 -> view(vector, rows, Double.BYTES).asDoubleBuffer().get((double[]) columns[d]);
            }
        }
        rowsBefore += rows;
        return new RowBatch(labels, blockIds, schema, columns);
    }

    private void requireValues(FieldVector vector, int column, String expected) {
        if (vector.getNullCount() == 0) {
            return;
        }
        for (int row = 0; row < vector.getValueCount(); row++) {
            if (vector.isNull(row)) {
                throw rejection.of(rowsBefore + row, column, expected);
            }
        }
    }

    private static ByteBuffer view(FieldVector vector, int rows, int width) {
        return vector.getDataBuffer().nioBuffer(0, rows * width).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Consecutive equal block ids share one String, which keeps the worker's chunk detection cheap. */
    private String[] blockIds(VarCharVector vector, int rows) {
        String[] ids = new String[rows];
        ArrowBuf offsets = vector.getOffsetBuffer();
        ArrowBuf data = vector.getDataBuffer();
        byte[] previous = previousBlock == null ? null : previousBlock.getBytes(StandardCharsets.UTF_8);
        int previousStart = -1;
        int previousEnd = -1;
        for (int row = 0; row < rows; row++) {
            int start = offsets.getInt((long) row * VarCharVector.OFFSET_WIDTH);
            int end = offsets.getInt((long) (row + 1) * VarCharVector.OFFSET_WIDTH);
            boolean same;
            if (previousStart >= 0) {
                same = ByteFunctionHelpers.equal(data, previousStart, previousEnd, data, start, end) == 1;
            } else {
                same = previous != null && sameBytes(data, start, end, previous);
            }
            if (!same) {
                byte[] bytes = new byte[end - start];
                data.getBytes(start, bytes);
                previousBlock = new String(bytes, StandardCharsets.UTF_8);
            }
            ids[row] = previousBlock;
            previousStart = start;
            previousEnd = end;
        }
        return ids;
    }

    private static boolean sameBytes(ArrowBuf data, int start, int end, byte[] bytes) {
        if (end - start != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (data.getByte(start + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
