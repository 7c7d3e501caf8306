package org.pocaduck.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;

/**
 * Writes points as CSV: a header {@code label,<column names>}, then one row per point. Values are exact: integers as
 * integers, floats in the shortest form that reads back to the same float ({@link Float#toString},
 * {@link Double#toString}).
 */
final class CsvPointWriter {

    private final Writer writer;

    CsvPointWriter(Writer writer) {
        this.writer = writer;
    }

    void writeHeader(PointSchema schema) throws IOException {
        writer.write("label," + String.join(",", schema.names()) + "\n");
    }

    void writeRows(long label, PointCloud cloud) throws IOException {
        String labelText = Long.toUnsignedString(label);
        ColumnFormatter[] columns = new ColumnFormatter[cloud.dimensions()];
        for (int d = 0; d < columns.length; d++) {
            columns[d] = formatter(cloud, d);
        }
        StringBuilder line = new StringBuilder();
        for (int row = 0; row < cloud.size(); row++) {
            line.setLength(0);
            line.append(labelText);
            for (ColumnFormatter column : columns) {
                line.append(',');
                column.append(line, row);
            }
            writer.append(line).append('\n');
        }
    }

    /** Appends one column's value at a row; chosen once per column so the row loop does not switch on types. */
    private interface ColumnFormatter {
        void append(StringBuilder line, int row);
    }

    private static ColumnFormatter formatter(PointCloud cloud, int dimension) {
        switch (cloud.columnType(dimension)) {
            case INT64: {
                LongBuffer values = cloud.longColumn(dimension);
                return (line, row) -> line.append(values.get(row));
            }
            case INT32: {
                IntBuffer values = cloud.intColumn(dimension);
                return (line, row) -> line.append(values.get(row));
            }
            case FLOAT32: {
                FloatBuffer values = cloud.floatColumn(dimension);
                return (line, row) -> line.append(Float.toString(values.get(row)));
            }
            case FLOAT64: {
                DoubleBuffer values = cloud.doubleColumn(dimension);
                return (line, row) -> line.append(Double.toString(values.get(row)));
            }
            default:
                throw new IllegalStateException("Unsupported column type " + cloud.columnType(dimension));
        }
    }
}
