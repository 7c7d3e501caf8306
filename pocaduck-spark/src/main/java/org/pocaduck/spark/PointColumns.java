package org.pocaduck.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.pocaduck.ColumnType;
import org.pocaduck.PointSchema;

/**
 * The columns of a points Dataset: {@code label}, {@code block_id} and one numeric column per point dimension, in
 * column order. Checked on the driver from the Dataset's schema, so that a wrong column fails before any task runs;
 * values (nulls, labels out of the uint64 range) are checked as the tasks read them.
 */
final class PointColumns implements Serializable {
    static final String LABEL = "label";
    static final String BLOCK_ID = "block_id";

    private static final long serialVersionUID = 1L;
    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private final int labelIndex;
    private final boolean decimalLabel;
    private final int blockIndex;
    private final int[] dimensionIndexes;
    private final String[] names;
    private final ColumnType[] types;

    private PointColumns(int labelIndex, boolean decimalLabel, int blockIndex, int[] dimensionIndexes, String[] names,
            ColumnType[] types) {
        this.labelIndex = labelIndex;
        this.decimalLabel = decimalLabel;
        this.blockIndex = blockIndex;
        this.dimensionIndexes = dimensionIndexes;
        this.names = names;
        this.types = types;
    }

    /**
     * @throws IllegalArgumentException naming the column at fault and what was expected
     */
    static PointColumns of(StructType schema) {
        int labelIndex = indexOf(schema, LABEL, "the uint64 label as bigint (its 64 bits) or decimal(20,0)");
        DataType labelType = schema.fields()[labelIndex].dataType();
        boolean decimalLabel = labelType instanceof DecimalType decimal && decimal.scale() == 0;
        if (!decimalLabel && !labelType.equals(DataTypes.LongType)) {
            throw new IllegalArgumentException("column '" + LABEL + "' has type " + labelType.simpleString()
                    + "; expected bigint (the label's 64 bits) or decimal(20,0) (its unsigned value)");
        }
        int blockIndex = indexOf(schema, BLOCK_ID, "the block id as a string");
        DataType blockType = schema.fields()[blockIndex].dataType();
        if (!blockType.equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column '" + BLOCK_ID + "' has type " + blockType.simpleString()
                    + "; expected string");
        }
        List<Integer> indexes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (i == labelIndex || i == blockIndex) {
                continue;
            }
            indexes.add(i);
            names.add(fields[i].name());
            types.add(columnType(fields[i]));
        }
        if (indexes.isEmpty()) {
            throw new IllegalArgumentException("the points have no coordinate column besides '" + LABEL + "' and '"
                    + BLOCK_ID + "' (columns: " + String.join(", ", schema.fieldNames())
                    + "); expected one int, bigint, float or double column per dimension, e.g. x, y, z");
        }
        return new PointColumns(labelIndex, decimalLabel, blockIndex,
                indexes.stream().mapToInt(Integer::intValue).toArray(), names.toArray(String[]::new),
                types.toArray(ColumnType[]::new));
    }

    private static int indexOf(StructType schema, String name, String expected) {
        String[] fieldNames = schema.fieldNames();
        for (int i = 0; i < fieldNames.length; i++) {
            if (fieldNames[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the points have no column '" + name + "' (columns: "
                + String.join(", ", fieldNames) + "); expected a column '" + name + "' holding " + expected);
    }

    private static ColumnType columnType(StructField field) {
        DataType type = field.dataType();
        if (type.equals(DataTypes.IntegerType)) {
            return ColumnType.INT32;
        } else if (type.equals(DataTypes.LongType)) {
            return ColumnType.INT64;
        } else if (type.equals(DataTypes.FloatType)) {
            return ColumnType.FLOAT32;
        } else if (type.equals(DataTypes.DoubleType)) {
            return ColumnType.FLOAT64;
        }
        throw new IllegalArgumentException("column '" + field.name() + "' has type " + type.simpleString()
                + "; expected int, bigint, float or double (a point dimension)");
    }

    /** The dataset schema these columns write: their names and types, in column order. */
    PointSchema schema() {
        PointSchema.Builder builder = PointSchema.builder();
        for (int d = 0; d < names.length; d++) {
            builder.column(names[d], types[d]);
        }
        return builder.build();
    }

    int dimensions() {
        return names.length;
    }

    ColumnType type(int dimension) {
        return types[dimension];
    }

    /**
     * The row's label as uint64 bits.
     *
     * @throws IllegalArgumentException if it is null, or a decimal outside 0 .. 2^64 - 1
     */
    long label(Row row) {
        if (row.isNullAt(labelIndex)) {
            throw new IllegalArgumentException("column '" + LABEL + "' is null in a row of block '" + blockId(row)
                    + "'; expected a label");
        }
        if (!decimalLabel) {
            return row.getLong(labelIndex);
        }
        BigDecimal value = row.getDecimal(labelIndex);
        BigInteger integer = value.toBigIntegerExact();
        if (integer.signum() < 0 || integer.compareTo(UINT64_LIMIT) >= 0) {
            throw new IllegalArgumentException("label " + value.toPlainString() + " in block '" + blockId(row)
                    + "' is not a uint64; expected 0 to 18446744073709551615");
        }
        return integer.longValue();
    }

    /** @throws IllegalArgumentException if it is null */
    String blockId(Row row) {
        if (row.isNullAt(blockIndex)) {
            throw new IllegalArgumentException("column '" + BLOCK_ID + "' is null in a row; expected a block id");
        }
        return row.getString(blockIndex);
    }

    /** @throws IllegalArgumentException if the coordinate is null */
    void requireValue(Row row, int dimension) {
        if (row.isNullAt(dimensionIndexes[dimension])) {
            throw new IllegalArgumentException("column '" + names[dimension] + "' is null in a row of block '"
                    + blockId(row) + "'; expected a number");
        }
    }

    int columnIndex(int dimension) {
        return dimensionIndexes[dimension];
    }
}
