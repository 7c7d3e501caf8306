package org.pocaduck.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.pocaduck.ColumnType;
import org.pocaduck.PointCloud;

/**
 * Writes a point cloud row by row as packed little-endian values, each column in a chosen type: the body of both
 * NumPy {@code .npy} arrays and binary PLY files. A column written in another type than its own goes through
 * double (int64 values beyond 2^53 are then rounded).
 */
final class LittleEndianRows {
    private LittleEndianRows() {
    }

    static void write(PointCloud cloud, ColumnType[] types, OutputStream out) throws IOException {
        ColumnPutter[] columns = new ColumnPutter[cloud.dimensions()];
        int rowBytes = 0;
        for (int d = 0; d < columns.length; d++) {
            columns[d] = putter(cloud, d, types[d]);
            rowBytes += types[d].byteWidth();
        }
        ByteBuffer row = ByteBuffer.allocate(rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < cloud.size(); r++) {
            row.clear();
            for (ColumnPutter column : columns) {
                column.put(row, r);
            }
            out.write(row.array(), 0, row.position());
        }
        out.flush();
    }

    /** Puts one column's value at a row; chosen once per column so the row loop does not switch on types. */
    private interface ColumnPutter {
        void put(ByteBuffer row, int r);
    }

    private static ColumnPutter putter(PointCloud cloud, int d, ColumnType type) {
        if (cloud.columnType(d) != type) {
            if (type != ColumnType.FLOAT64) {
                throw new IllegalArgumentException("column " + cloud.columnNames().get(d) + " is "
                        + cloud.columnType(d).label() + "; it can only be written as itself or as float64");
            }
            return (row, r) -> row.putDouble(cloud.getDouble(r, d));
        }
        switch (type) {
            case INT64: {
                LongBuffer values = cloud.longColumn(d);
                return (row, r) -> row.putLong(values.get(r));
            }
            case INT32: {
                IntBuffer values = cloud.intColumn(d);
                return (row, r) -> row.putInt(values.get(r));
            }
            case FLOAT64: {
                DoubleBuffer values = cloud.doubleColumn(d);
                return (row, r) -> row.putDouble(values.get(r));
            }
            case FLOAT32: {
                FloatBuffer values = cloud.floatColumn(d);
                return (row, r) -> row.putFloat(values.get(r));
            }
            default:
                throw new IllegalStateException("Unsupported column type " + type);
        }
    }
}
