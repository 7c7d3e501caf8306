package org.pocaduck.internal.io;

import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;

/**
 * Each distinct point of a cloud once, sorted lexicographically by column values: the answer of NumPy's
 * {@code np.unique(points, axis=0)}, which the Python PoCADuck applies to every unoptimized read. Integer columns
 * compare as signed numbers, floating-point ones by {@link Double#compare}.
 */
public final class DistinctPoints {
    private DistinctPoints() {
    }

    public static PointCloud of(PointCloud cloud) {
        int size = cloud.size();
        if (size == 0) {
            return cloud;
        }
        PointSchema schema = cloud.schema();
        int dimensions = schema.dimensions();
        double[][] asDoubles = new double[dimensions][];
        long[][] asLongs = new long[dimensions][];
        for (int d = 0; d < dimensions; d++) {
            if (schema.type(d).isInteger()) {
                asLongs[d] = new long[size];
                for (int i = 0; i < size; i++) {
                    asLongs[d][i] = cloud.getLong(i, d);
                }
            } else {
                asDoubles[d] = new double[size];
                for (int i = 0; i < size; i++) {
                    asDoubles[d][i] = cloud.getDouble(i, d);
                }
            }
        }
        StableSort.IndexComparator rows = (a, b) -> {
            for (int d = 0; d < dimensions; d++) {
                int order = asLongs[d] != null ? Long.compare(asLongs[d][a], asLongs[d][b])
                        : Double.compare(asDoubles[d][a], asDoubles[d][b]);
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        };
        int[] order = StableSort.sortedIndices(size, rows);
        int[] kept = new int[size];
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (count == 0 || rows.compare(kept[count - 1], order[i]) != 0) {
                kept[count++] = order[i];
            }
        }
        return CloudRows.select(cloud, kept, count);
    }
}
