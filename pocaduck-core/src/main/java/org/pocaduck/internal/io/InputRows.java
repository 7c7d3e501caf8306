package org.pocaduck.internal.io;

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
    public abstract void checkShape(int dimensions, PointSchema schema);

    /** Stores every point into the columns, starting at {@code position}; throws on a value a column cannot hold. */
    abstract void store(ColumnBuffer[] columns, int position);

    public static InputRows of(long[][] points) {
        return new RowMajor(points, ColumnType.INT64) {
            @Override
            int width(int row) {
                return points[row] == null ? -1 : points[row].length;
            }

            @Override
            void store(ColumnBuffer[] columns, int position) {
                for (int r = 0; r < points.length; r++) {
                    long[] point = points[r];
                    for (int d = 0; d < columns.length; d++) {
                        columns[d].setLong(position + r, point[d], r);
                    }
                }
            }
        };
    }

    public static InputRows of(int[][] points) {
        return new RowMajor(points, ColumnType.INT64) {
            @Override
            int width(int row) {
                return points[row] == null ? -1 : points[row].length;
            }

            @Override
            void store(ColumnBuffer[] columns, int position) {
                for (int r = 0; r < points.length; r++) {
                    int[] point = points[r];
                    for (int d = 0; d < columns.length; d++) {
                        columns[d].setLong(position + r, point[d], r);
                    }
                }
            }
        };
    }

    public static InputRows of(double[][] points) {
        return new RowMajor(points, ColumnType.FLOAT64) {
            @Override
            int width(int row) {
                return points[row] == null ? -1 : points[row].length;
            }

            @Override
            void store(ColumnBuffer[] columns, int position) {
                for (int r = 0; r < points.length; r++) {
                    double[] point = points[r];
                    for (int d = 0; d < columns.length; d++) {
                        columns[d].setDouble(position + r, point[d], r);
                    }
                }
            }
        };
    }

    public static InputRows of(float[][] points) {
        return new RowMajor(points, ColumnType.FLOAT32) {
            @Override
            int width(int row) {
                return points[row] == null ? -1 : points[row].length;
            }

            @Override
            void store(ColumnBuffer[] columns, int position) {
                for (int r = 0; r < points.length; r++) {
                    float[] point = points[r];
                    for (int d = 0; d < columns.length; d++) {
                        columns[d].setDouble(position + r, point[d], r);
                    }
                }
            }
        };
    }

    /** Null points are bad input like any other: reported as such, not as a NullPointerException. */
    public static <T> T requirePoints(T points) {
        if (points == null) {
            throw new IllegalArgumentException("points is null; expected an N×D array (N points of D values each)");
        }
        return points;
    }

    /** Column arrays of a point cloud: copied in bulk where the types match the dataset's. */
    public static InputRows ofColumns(PointSchema schema, Object[] columns, int count) {
        return new Columnar(schema, columns, count);
    }

    /** Rows given as an N×D Java array; every row is checked before anything is stored. */
    private abstract static class RowMajor extends InputRows {
        private final int count;
        private final ColumnType naturalType;

        RowMajor(Object[] rows, ColumnType naturalType) {
            this.count = requirePoints(rows).length;
            this.naturalType = naturalType;
        }

        /** The length of row {@code row}, or -1 when it is null. */
        abstract int width(int row);

        @Override
        public int count() {
            return count;
        }

        @Override
        public PointSchema inferredSchema() {
            checkNotNull(0);
            return PointSchema.defaultFor(width(0), naturalType);
        }

        private void checkNotNull(int row) {
            if (width(row) < 0) {
                throw new IllegalArgumentException("points[" + row + "] is null; expected a row of coordinates");
            }
        }

        @Override
        public void checkShape(int dimensions, PointSchema schema) {
            for (int r = 0; r < count; r++) {
                int width = width(r);
                if (width != dimensions) {
                    checkNotNull(r);
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
        public void checkShape(int dimensions, PointSchema datasetSchema) {
            if (schema.dimensions() != dimensions) {
                throw new IllegalArgumentException("the point cloud has " + schema.dimensions() + " columns ("
                        + schema + ") but the dataset schema has " + dimensions + ": " + datasetSchema);
            }
        }

        @Override
        void store(ColumnBuffer[] buffers, int position) {
            for (int d = 0; d < buffers.length; d++) {
                storeColumn(columns[d], schema.type(d), buffers[d], position);
            }
        }

        private void storeColumn(Object source, ColumnType sourceType, ColumnBuffer column, int position) {
            if (sourceType == column.type) {
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
