package org.pocaduck;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * N points with D typed columns, stored column by column in primitive arrays.
 *
 * <p>Column accessors ({@link #longColumn}, {@link #intColumn}, {@link #floatColumn}, {@link #doubleColumn}) are
 * zero-copy read-only views of the cloud's own storage; {@link #toLongArray()} and {@link #toDoubleArray()} build
 * row-major N×D copies. Immutable and thread-safe.
 */
public final class PointCloud {
    private final PointSchema schema;
    private final Object[] columns;
    private final int size;

    private PointCloud(PointSchema schema, Object[] columns, int size) {
        this.schema = schema;
        this.columns = columns;
        this.size = size;
    }

    /** A cloud with no points. */
    public static PointCloud empty(PointSchema schema) {
        Object[] columns = new Object[schema.dimensions()];
        for (int d = 0; d < columns.length; d++) {
            columns[d] = newColumn(schema.type(d), 0);
        }
        return new PointCloud(schema, columns, 0);
    }

    /**
     * Wraps column arrays without copying them: one array per schema column, of the column's type ({@code long[]} for
     * int64, {@code int[]} for int32, {@code float[]} for float32, {@code double[]} for float64), all of one length.
     * The caller must not modify the arrays afterwards.
     */
    public static PointCloud ofColumns(PointSchema schema, Object... columns) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(columns, "columns");
        if (columns.length != schema.dimensions()) {
            throw new IllegalArgumentException("got " + columns.length + " columns but the schema has "
                    + schema.dimensions() + ": " + schema);
        }
        int size = -1;
        for (int d = 0; d < columns.length; d++) {
            int length = columnLength(schema, d, columns[d]);
            if (size >= 0 && length != size) {
                throw new IllegalArgumentException("column " + schema.name(d) + " has " + length
                        + " values but column " + schema.name(0) + " has " + size);
            }
            size = length;
        }
        return new PointCloud(schema, columns.clone(), size);
    }

    private static int columnLength(PointSchema schema, int d, Object column) {
        ColumnType type = schema.type(d);
        Object expected = newColumn(type, 0);
        if (column == null || column.getClass() != expected.getClass()) {
            throw new IllegalArgumentException("column " + schema.name(d) + " is " + type.label() + " and needs a "
                    + expected.getClass().getSimpleName() + ", got "
                    + (column == null ? "null" : column.getClass().getSimpleName()));
        }
        return java.lang.reflect.Array.getLength(column);
    }

    static Object newColumn(ColumnType type, int length) {
        return switch (type) {
            case INT32 -> new int[length];
            case INT64 -> new long[length];
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
        };
    }

    /** Number of points. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Number of columns per point (D). */
    public int dimensions() {
        return columns.length;
    }

    public PointSchema schema() {
        return schema;
    }

    public List<String> columnNames() {
        return schema.names();
    }

    public ColumnType columnType(int dimension) {
        return schema.type(dimension);
    }

    /** Zero-copy read-only view of an int64 column. */
    public LongBuffer longColumn(int dimension) {
        return LongBuffer.wrap((long[]) typedColumn(dimension, ColumnType.INT64)).asReadOnlyBuffer();
    }

    /** Zero-copy read-only view of an int32 column. */
    public IntBuffer intColumn(int dimension) {
        return IntBuffer.wrap((int[]) typedColumn(dimension, ColumnType.INT32)).asReadOnlyBuffer();
    }

    /** Zero-copy read-only view of a float32 column. */
    public FloatBuffer floatColumn(int dimension) {
        return FloatBuffer.wrap((float[]) typedColumn(dimension, ColumnType.FLOAT32)).asReadOnlyBuffer();
    }

    /** Zero-copy read-only view of a float64 column. */
    public DoubleBuffer doubleColumn(int dimension) {
        return DoubleBuffer.wrap((double[]) typedColumn(dimension, ColumnType.FLOAT64)).asReadOnlyBuffer();
    }

    /** The column named {@code name}'s position; throws when there is no such column. */
    public int dimensionOf(String name) {
        int d = schema.indexOf(name);
        if (d < 0) {
            throw new IllegalArgumentException("no column '" + name + "'; columns are " + schema);
        }
        return d;
    }

    private Object typedColumn(int dimension, ColumnType wanted) {
        Objects.checkIndex(dimension, columns.length);
        if (schema.type(dimension) != wanted) {
            throw new IllegalStateException("column " + schema.name(dimension) + " is " + schema.type(dimension).label()
                    + ", not " + wanted.label());
        }
        return columns[dimension];
    }

    /**
     * One value as a long. Integer columns are exact; a floating-point value is returned only when it is integral
     * (this library never truncates coordinates silently).
     */
    public long getLong(int row, int dimension) {
        Objects.checkIndex(row, size);
        Object column = columns[dimension];
        if (column instanceof long[] values) {
            return values[row];
        }
        if (column instanceof int[] values) {
            return values[row];
        }
        double value = getDouble(row, dimension);
        long whole = (long) value;
        if (whole != value) {
            throw new IllegalStateException("value " + value + " of column " + schema.name(dimension) + " at row " + row
                    + " is not an integer; use getDouble");
        }
        return whole;
    }

    /** One value as a double (int64 values beyond 2^53 are rounded, as any double conversion does). */
    public double getDouble(int row, int dimension) {
        Objects.checkIndex(row, size);
        Object column = columns[dimension];
        if (column instanceof long[] values) {
            return values[row];
        }
        if (column instanceof int[] values) {
            return values[row];
        }
        if (column instanceof float[] values) {
            return values[row];
        }
        return ((double[]) column)[row];
    }

    /**
     * Row-major N×D copy as longs. Requires every column to be an integer type: floating-point coordinates are never
     * truncated silently; use {@link #toDoubleArray()} for them.
     */
    public long[][] toLongArray() {
        if (!schema.isAllInteger()) {
            throw new IllegalStateException("toLongArray() would truncate floating-point columns of " + schema
                    + "; use toDoubleArray()");
        }
        long[][] rows = new long[size][dimensions()];
        for (int d = 0; d < columns.length; d++) {
            if (columns[d] instanceof long[] values) {
                for (int i = 0; i < size; i++) {
                    rows[i][d] = values[i];
                }
            } else {
                int[] values = (int[]) columns[d];
                for (int i = 0; i < size; i++) {
                    rows[i][d] = values[i];
                }
            }
        }
        return rows;
    }

    /** Row-major N×D copy as doubles. */
    public double[][] toDoubleArray() {
        double[][] rows = new double[size][dimensions()];
        for (int d = 0; d < columns.length; d++) {
            for (int i = 0; i < size; i++) {
                rows[i][d] = getDouble(i, d);
            }
        }
        return rows;
    }

    /** The cloud's own column arrays, for the library's internal zero-copy paths. */
    Object[] columnsUnsafe() {
        return columns;
    }

    /** Value equality: same schema and the same values in the same order. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PointCloud cloud && cloud.size == size && cloud.schema.equals(schema)
                && Arrays.deepEquals(columns, cloud.columns);
    }

    @Override
    public int hashCode() {
        return schema.hashCode() * 31 + Arrays.deepHashCode(columns);
    }

    @Override
    public String toString() {
        return "PointCloud[" + size + " points; " + schema + "]";
    }
}
