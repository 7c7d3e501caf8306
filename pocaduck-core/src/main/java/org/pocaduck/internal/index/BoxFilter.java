package org.pocaduck.internal.index;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import org.pocaduck.Box;
import org.pocaduck.ColumnType;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.io.CloudRows;

/**
 * A {@link Box} bound to a dataset's schema: it tests points exactly and the recorded bounds of chunks conservatively.
 *
 * <p>Integer columns are tested on integers: {@code min <= v < max} holds for an integer v exactly when
 * {@code ceil(min) <= v <= ceil(max) - 1}, so the box's double bounds become an inclusive long range once and no int64
 * value is ever rounded. Floating-point values are compared as doubles (a float widens exactly); NaN is inside no box.
 *
 * <p>Chunk bounds are doubles. The writers round an int64 bound outward when it is not a double, so a chunk's points lie
 * within its bounds; a bound that is NaN (a chunk holding NaN) tells nothing and never excludes a chunk.
 */
public final class BoxFilter {
    private static final double TWO_POW_63 = 0x1p63;

    private final Box box;
    /** The schema column of each box dimension. */
    private final int[] columns;
    private final ColumnType[] types;
    /** Inclusive long range of each integer dimension; {@code low > high} when the box holds no integer there. */
    private final long[] low;
    private final long[] high;

    private BoxFilter(Box box, int[] columns, ColumnType[] types) {
        this.box = box;
        this.columns = columns;
        this.types = types;
        this.low = new long[columns.length];
        this.high = new long[columns.length];
        for (int d = 0; d < columns.length; d++) {
            low[d] = ceilingAtLeast(box.min(d));
            high[d] = box.max(d) >= TWO_POW_63 ? Long.MAX_VALUE : ceilingAtLeast(box.max(d)) - 1;
            if (box.max(d) <= -TWO_POW_63 || box.min(d) >= TWO_POW_63) {
                low[d] = 1;
                high[d] = 0;
            }
        }
    }

    /** The smallest long at or above {@code value}, for values below 2^63 (clamped below at Long.MIN_VALUE). */
    private static long ceilingAtLeast(double value) {
        return value <= -TWO_POW_63 ? Long.MIN_VALUE : (long) Math.ceil(value);
    }

    /**
     * Binds the box to the schema: its dimensions are the first columns, or the columns it names.
     *
     * @throws IllegalArgumentException if the box has more dimensions than the schema has columns, or names a column
     *                                  the schema does not have
     */
    public static BoxFilter bind(Box box, PointSchema schema) {
        int[] columns = new int[box.dimensions()];
        if (box.columns().isEmpty()) {
            if (columns.length > schema.dimensions()) {
                throw new IllegalArgumentException(box + " has " + columns.length + " dimensions but the points have "
                        + schema.dimensions() + " columns: " + schema);
            }
            Arrays.setAll(columns, d -> d);
        } else {
            for (int d = 0; d < columns.length; d++) {
                columns[d] = schema.indexOf(box.columns().get(d));
                if (columns[d] < 0) {
                    throw new IllegalArgumentException("box column '" + box.columns().get(d) + "' is not a point"
                            + " column; the columns are " + schema);
                }
            }
        }
        ColumnType[] types = new ColumnType[columns.length];
        for (int d = 0; d < columns.length; d++) {
            types[d] = schema.type(columns[d]);
        }
        return new BoxFilter(box, columns, types);
    }

    public Box box() {
        return box;
    }

    /**
     * Whether an entry whose points lie within these bounds may have a point inside; the bound of schema column c is
     * at {@code offset + c}.
     */
    public boolean mayIntersect(double[] min, double[] max, int offset) {
        for (int d = 0; d < columns.length; d++) {
            double chunkMin = outwardDown(min[offset + columns[d]]);
            double chunkMax = outwardUp(max[offset + columns[d]]);
            // Written so that NaN bounds never exclude.
            if (chunkMin >= box.max(d) || chunkMax < box.min(d) || box.min(d) == box.max(d)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an entry with these bounds surely has a point inside the box. Each bound is some point's value: the
     * point with the smallest value of a column has its other values within the entry's bounds. So when the box holds
     * the entry's whole range in every dimension but one, and in that one holds its minimum or its maximum, the point
     * with that value is inside. Bounds beyond 2^53 may be rounded, and NaN bounds say nothing: neither proves a point.
     */
    public boolean surelyHasPointInside(double[] min, double[] max, int offset) {
        int open = -1;
        for (int d = 0; d < columns.length; d++) {
            double low = min[offset + columns[d]];
            double high = max[offset + columns[d]];
            if (!(Math.abs(low) < 0x1p53 && Math.abs(high) < 0x1p53)) {
                return false;
            }
            if (!(low >= box.min(d) && high < box.max(d))) {
                if (open >= 0) {
                    return false;
                }
                open = d;
            }
        }
        if (open < 0) {
            return true;
        }
        double low = min[offset + columns[open]];
        double high = max[offset + columns[open]];
        return low >= box.min(open) && low < box.max(open) || high >= box.min(open) && high < box.max(open);
    }

    /** A bound below every int64 its double might have been rounded from (doubles beyond 2^53 are not all integers). */
    private static double outwardDown(double bound) {
        return Math.abs(bound) < 0x1p53 ? bound : Math.nextDown(bound);
    }

    private static double outwardUp(double bound) {
        return Math.abs(bound) < 0x1p53 ? bound : Math.nextUp(bound);
    }

    /** The points inside the box, in their order. */
    public PointCloud filter(PointCloud points) {
        // Column by column over typed buffers: a tight loop per dimension, as fast before the JIT's last tier as after.
        boolean[] outside = new boolean[points.size()];
        for (int d = 0; d < columns.length; d++) {
            markOutside(points, d, outside);
        }
        int[] inside = new int[outside.length];
        int count = 0;
        for (int row = 0; row < outside.length; row++) {
            if (!outside[row]) {
                inside[count++] = row;
            }
        }
        return count == outside.length ? points : CloudRows.select(points, inside, count);
    }

    private void markOutside(PointCloud points, int d, boolean[] outside) {
        int column = columns[d];
        switch (types[d]) {
            case INT64 -> {
                LongBuffer values = points.longColumn(column);
                for (int row = 0; row < outside.length; row++) {
                    long value = values.get(row);
                    outside[row] |= value < low[d] || value > high[d];
                }
            }
            case INT32 -> {
                IntBuffer values = points.intColumn(column);
                for (int row = 0; row < outside.length; row++) {
                    int value = values.get(row);
                    outside[row] |= value < low[d] || value > high[d];
                }
            }
            case FLOAT32 -> {
                FloatBuffer values = points.floatColumn(column);
                for (int row = 0; row < outside.length; row++) {
                    double value = values.get(row);
                    outside[row] |= !(value >= box.min(d) && value < box.max(d));
                }
            }
            case FLOAT64 -> {
                DoubleBuffer values = points.doubleColumn(column);
                for (int row = 0; row < outside.length; row++) {
                    double value = values.get(row);
                    outside[row] |= !(value >= box.min(d) && value < box.max(d));
                }
            }
            default -> throw new IllegalStateException("unknown column type " + types[d]);
        }
    }

    /** Whether the point, given as the values of every column of an all-integer schema, is inside the box. */
    public boolean contains(long[] point) {
        for (int d = 0; d < columns.length; d++) {
            long value = point[columns[d]];
            if (value < low[d] || value > high[d]) {
                return false;
            }
        }
        return true;
    }
}
