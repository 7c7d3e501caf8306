package org.pocaduck.internal.upstream;

import java.util.Arrays;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;

/** Int64 points collected column by column, in arrays that double as they fill. */
final class GrowingColumns {
    private long[][] columns;
    private int size;

    GrowingColumns(int dimensions) {
        columns = new long[dimensions][16];
    }

    void add(long[] point) {
        if (size == columns[0].length) {
            if (size > Integer.MAX_VALUE / 2 - 8) {
                throw new IllegalStateException("more than " + size + " points do not fit one PointCloud");
            }
            for (int d = 0; d < columns.length; d++) {
                columns[d] = Arrays.copyOf(columns[d], size * 2);
            }
        }
        for (int d = 0; d < columns.length; d++) {
            columns[d][size] = point[d];
        }
        size++;
    }

    int size() {
        return size;
    }

    /** The points as a cloud of {@code schema}, whose columns must all be int64. */
    PointCloud toCloud(PointSchema schema) {
        Object[] exact = new Object[columns.length];
        for (int d = 0; d < columns.length; d++) {
            exact[d] = Arrays.copyOf(columns[d], size);
        }
        return PointCloud.ofColumns(schema, exact);
    }
}
