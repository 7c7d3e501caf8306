package org.pocaduck.internal.io;

import java.util.Objects;
import org.pocaduck.ColumnType;
import org.pocaduck.PointSchema;

/** The points of one write, whatever array type the caller used, validated and stored column by column. */
public abstract class InputRows {
    private InputRows() {
    }

    /** Number of points. */
    public abstract int count();

    /** The schema a new dataset gets when this is its first write. */
    public abstract PointSchema inferredSchema();

    /** Throws unless every point has exactly {@code dimensions} values. */
    abstract void checkShape(int dimensions, PointSchema schema);

    /** Stores column {@code d} of every point into {@code column}, starting at {@code position}. */
    abstract void storeColumn(int d, ColumnBuffer column, int position);

    public static InputRows of(long[][] points) {
        return new RowMajor(points, ColumnType.INT64) {
            @Override
            void storeColumn(int d, ColumnBuffer column, int position) {
                for (int r = 0; r < points.length; r++) {
                    column.setLong(position + r, points[r][d], r);
                }
            }
        };
    }

    public static InputRows of(int[][] points) {
        return new RowMajor(points, ColumnType.INT64) {
            @Override
            void storeColumn(int d, ColumnBuffer column, int position) {
                for (int r = 0; r < points.length; r++) {
                    column.setLong(position + r, points[r][d], r);
                }
            }
        };
    }

    public static InputRows of(double[][] points) {
        return new RowMajor(points, ColumnType.FLOAT64) {
            @Override
            void storeColumn(int d, ColumnBuffer column, int position) {
                for (int r = 0; r < points.length; r++) {
                    column.setDouble(position + r, points[r][d], r);
                }
            }
        };
    }

    public static InputRows of(float[][] points) {
        return new RowMajor(points, ColumnType.FLOAT32) {
            @Override
            void storeColumn(int d, ColumnBuffer column, int position) {
                for (int r = 0; r < points.length; r++) {
                    column.setDouble(position + r, points[r][d], r);
                }
            }
        };
    }

    /** Column arrays of a point cloud: copied in bulk where the types match the dataset's. */
    public static InputRows ofColumns(PointSchema schema, Object[] columns, int count) {
        return new Columnar(schema, columns, count);
    }

    /** Rows given as an N×D Java array; every row is checked before anything is stored. */
    private abstract static class RowMajor extends InputRows {
        private final Object[] rows;
        private final ColumnType naturalType;

        RowMajor(Object[] rows, ColumnType naturalType) {
            this.rows = Objects.requireNonNull(rows, "points");
            this.naturalType = naturalType;
        }

        @Override
        public int count() {
            return rows.length;
        }

        @Override
        public PointSchema inferredSchema() {
            return PointSchema.defaultFor(width(0), naturalType);
        }

        private int width(int r) {
            Object row = rows[r];
            if (row == null) {
                throw new IllegalArgumentException("points[" + r + "] is null; expected a row of coordinates");
            }
            return java.lang.reflect.Array.getLength(row);
        }

        @Override
        void checkShape(int dimensions, PointSchema schema) {
            for (int r = 0; r < rows.length; r++) {
                int width = width(r);
                if (width != dimensions) {
                    throw new IllegalArgumentException("points[" + r + "] has " + width + " columns but the dataset"
                            + " schema has " + dimensions + ": " + schema
                            + (width == 0 ? "; a point needs at least one value" : ""));
                }
            }
        }
    }

    private static final class Columnar extends InputRows {
        private final PointSchema schema;
        private final Object[] columns;
        private final int count;

        Columnar(PointSchema schema, Object[] columns, int count) {
            this.schema = schema;
            this.columns = columns;
            this.count = count;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public PointSchema inferredSchema() {
            return schema;
        }

        @Override
        void checkShape(int dimensions, PointSchema datasetSchema) {
            if (schema.dimensions() != dimensions) {
                throw new IllegalArgumentException("the point cloud has " + schema.dimensions() + " columns ("
                        + schema + ") but the dataset schema has " + dimensions + ": " + datasetSchema);
            }
        }

        @Override
        void storeColumn(int d, ColumnBuffer column, int position) {
            Object source = columns[d];
            if (schema.type(d) == column.type) {
                column.copyFrom(source, 0, position, count);
            } else if (source instanceof long[] values) {
                for (int r = 0; r < count; r++) {
                    column.setLong(position + r, values[r], r);
                }
            } else if (source instanceof int[] values) {
                for (int r = 0; r < count; r++) {
                    column.setLong(position + r, values[r], r);
                }
            } else if (source instanceof float[] values) {
                for (int r = 0; r < count; r++) {
                    column.setDouble(position + r, values[r], r);
                }
            } else {
                double[] values = (double[]) source;
                for (int r = 0; r < count; r++) {
                    column.setDouble(position + r, values[r], r);
                }
            }
        }
    }
}
