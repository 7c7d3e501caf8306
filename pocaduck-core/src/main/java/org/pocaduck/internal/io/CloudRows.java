package org.pocaduck.internal.io;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.pocaduck.PointCloud;

/** Rows picked out of a point cloud. */
public final class CloudRows {
    private CloudRows() {
    }

    /** A cloud of the rows {@code rows[0..count)} of {@code cloud}, in that order. */
    public static PointCloud select(PointCloud cloud, int[] rows, int count) {
        Object[] columns = new Object[cloud.dimensions()];
        for (int d = 0; d < columns.length; d++) {
            columns[d] = gather(cloud, d, rows, count);
        }
        return PointCloud.ofColumns(cloud.schema(), columns);
    }

    private static Object gather(PointCloud cloud, int d, int[] rows, int count) {
        switch (cloud.columnType(d)) {
            case INT64 -> {
                LongBuffer column = cloud.longColumn(d);
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = column.get(rows[i]);
                }
                return values;
            }
            case INT32 -> {
                IntBuffer column = cloud.intColumn(d);
                int[] values = new int[count];
                for (int i = 0; i < count; i++) {
                    values[i] = column.get(rows[i]);
                }
                return values;
            }
            case FLOAT32 -> {
                FloatBuffer column = cloud.floatColumn(d);
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = column.get(rows[i]);
                }
                return values;
            }
            default -> {
                DoubleBuffer column = cloud.doubleColumn(d);
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = column.get(rows[i]);
                }
                return values;
            }
        }
    }
}
