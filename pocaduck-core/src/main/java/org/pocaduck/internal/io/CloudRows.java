package org.pocaduck.internal.io;

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
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = cloud.getLong(rows[i], d);
                }
                return values;
            }
            case INT32 -> {
                int[] values = new int[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (int) cloud.getLong(rows[i], d);
                }
                return values;
            }
            case FLOAT32 -> {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (float) cloud.getDouble(rows[i], d);
                }
                return values;
            }
            default -> {
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = cloud.getDouble(rows[i], d);
                }
                return values;
            }
        }
    }
}
