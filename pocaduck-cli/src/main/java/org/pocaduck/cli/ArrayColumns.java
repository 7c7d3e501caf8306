package org.pocaduck.cli;

import java.util.List;
import java.util.function.Consumer;
import org.pocaduck.ColumnType;
import org.pocaduck.PointSchema;

/**
 * NumPy arrays seen as a table: a label column, a block id column and point columns, each a column of some array.
 * Read in row order, in batches, each value checked against the column it goes to: a uint64 of 2^63 or more never
 * becomes a negative int64, a fraction never an integer.
 */
final class ArrayColumns implements PointInput {

    /** One column of an array. */
    record Column(NpyArray array, int index) {
    }

    private final String name;
    private final List<String> columnNames;
    private final Column label;
    private final Column block;
    private final List<Column> points;

    /** {@code name} says in messages which file the arrays came from; {@code columnNames} name the points. */
    ArrayColumns(String name, List<String> columnNames, Column label, Column block, List<Column> points) {
        this.name = name;
        this.columnNames = List.copyOf(columnNames);
        this.label = label;
        this.block = block;
        this.points = List.copyOf(points);
        for (Column column : points) {
            if (column.array().rows() != label.array().rows() || block.array().rows() != label.array().rows()) {
                throw new IllegalArgumentException(name + ": the label, block id and point arrays differ in length;"
                        + " expected one row per point in each");
            }
        }
    }

    @Override
    public List<String> columnNames() {
        return columnNames;
    }

    @Override
    public boolean floating() {
        return points.stream().anyMatch(column -> column.array().isFloating());
    }

    @Override
    public long estimatedRows() {
        return label.array().rows();
    }

    @Override
    public void read(PointSchema schema, Consumer<RowBatch> sink) {
        int size = label.array().rows();
        String blockId = null;
        long blockBits = 0;
        for (int start = 0; start < size; start += TableInput.BATCH_ROWS) {
            int rows = Math.min(TableInput.BATCH_ROWS, size - start);
            long[] labels = new long[rows];
            String[] blockIds = new String[rows];
            Object[] columns = new Object[points.size()];
            for (int i = 0; i < rows; i++) {
                int r = start + i;
                labels[i] = label.array().getLabel(r, label.index(), name);
                long bits = block.array().bits(r, block.index());
                if (blockId == null || bits != blockBits) {
                    blockId = block.array().getBlockId(r, block.index(), name);
                    blockBits = bits;
                }
                blockIds[i] = blockId;
            }
            for (int d = 0; d < columns.length; d++) {
                columns[d] = column(points.get(d), schema, d, start, rows);
            }
            sink.accept(new RowBatch(labels, blockIds, schema, columns));
        }
    }

    private Object column(Column column, PointSchema schema, int d, int start, int rows) {
        NpyArray array = column.array();
        ColumnType type = schema.type(d);
        Object values = RowBatch.newColumn(schema, d, rows);
        for (int i = 0; i < rows; i++) {
            int r = start + i;
            boolean exact;
            if (array.isFloating()) {
                double value = array.getDouble(r, column.index());
                exact = switch (type) {
                    case INT32 -> value == Math.rint(value) && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
                    case INT64 -> value == Math.rint(value) && value >= -0x1p63 && value < 0x1p63;
                    case FLOAT32 -> (double) (float) value == value || Double.isNaN(value);
                    case FLOAT64 -> true;
                };
                if (exact) {
                    store(values, i, type, (long) value, value);
                }
            } else {
                long value = array.getLong(r, column.index());
                boolean fitsLong = !array.isUnsigned64() || value >= 0;
                exact = fitsLong && switch (type) {
                    case INT32 -> value == (int) value;
                    case INT64 -> true;
                    case FLOAT32 -> (long) (float) value == value && Math.abs(value) < Long.MAX_VALUE;
                    case FLOAT64 -> (long) (double) value == value && Math.abs(value) < Long.MAX_VALUE;
                };
                if (exact) {
                    store(values, i, type, value, value);
                }
            }
            if (!exact) {
                throw new IllegalArgumentException(name + ": row " + r + ", column '" + schema.name(d) + "': value "
                        + array.describe(r, column.index()) + " does not fit the dataset's " + type.label()
                        + " column " + schema.name(d) + " exactly");
            }
        }
        return values;
    }

    private static void store(Object values, int i, ColumnType type, long integer, double real) {
        switch (type) {
            case INT32 -> ((int[]) values)[i] = (int) integer;
            case INT64 -> ((long[]) values)[i] = integer;
            case FLOAT32 -> ((float[]) values)[i] = (float) real;
            case FLOAT64 -> ((double[]) values)[i] = real;
        }
    }
}
