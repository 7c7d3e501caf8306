package org.pocaduck.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a blocks Dataset for {@link PocaduckSpark#scan}: {@code block_id} (string), {@code offset}
 * (array of 3 bigint or int: the volume coordinates of the block's first element), {@code shape} (array of 3 int),
 * {@code labels} (array of bigint, or binary: 8 bytes per voxel, little-endian uint64, C order) and optionally
 * {@code region_start} and {@code region_shape} (arrays of 3 int: the block inside a halo).
 */
final class BlockColumns implements Serializable {
    static final String BLOCK_ID = "block_id";
    static final String OFFSET = "offset";
    static final String SHAPE = "shape";
    static final String LABELS = "labels";
    static final String REGION_START = "region_start";
    static final String REGION_SHAPE = "region_shape";

    private static final long serialVersionUID = 1L;

    private final int blockIndex;
    private final int offsetIndex;
    private final int shapeIndex;
    private final int labelsIndex;
    private final boolean binaryLabels;
    /** -1 when the blocks have no halo. */
    private final int regionStartIndex;
    private final int regionShapeIndex;

    private BlockColumns(int blockIndex, int offsetIndex, int shapeIndex, int labelsIndex, boolean binaryLabels,
            int regionStartIndex, int regionShapeIndex) {
        this.blockIndex = blockIndex;
        this.offsetIndex = offsetIndex;
        this.shapeIndex = shapeIndex;
        this.labelsIndex = labelsIndex;
        this.binaryLabels = binaryLabels;
        this.regionStartIndex = regionStartIndex;
        this.regionShapeIndex = regionShapeIndex;
    }

    /** @throws IllegalArgumentException naming the column at fault and what was expected */
    static BlockColumns of(StructType schema) {
        int block = require(schema, BLOCK_ID, List.of(DataTypes.StringType), "string");
        int offset = require(schema, OFFSET, List.of(array(DataTypes.LongType), array(DataTypes.IntegerType)),
                "array<bigint> or array<int> of 3 volume coordinates");
        int shape = require(schema, SHAPE, List.of(array(DataTypes.IntegerType)), "array<int> of 3 sizes");
        int labels = require(schema, LABELS, List.of(array(DataTypes.LongType), DataTypes.BinaryType),
                "array<bigint>, or binary with 8 little-endian bytes per voxel");
        boolean start = Arrays.asList(schema.fieldNames()).contains(REGION_START);
        boolean size = Arrays.asList(schema.fieldNames()).contains(REGION_SHAPE);
        if (start != size) {
            throw new IllegalArgumentException("the blocks have column '" + (start ? REGION_START : REGION_SHAPE)
                    + "' but not '" + (start ? REGION_SHAPE : REGION_START) + "'; expected both or neither");
        }
        int regionStart = start ? require(schema, REGION_START, List.of(array(DataTypes.IntegerType)), "array<int>")
                : -1;
        int regionShape = start ? require(schema, REGION_SHAPE, List.of(array(DataTypes.IntegerType)), "array<int>")
                : -1;
        return new BlockColumns(block, offset, shape, labels,
                schema.fields()[labels].dataType().equals(DataTypes.BinaryType), regionStart, regionShape);
    }

    private static ArrayType array(DataType element) {
        return DataTypes.createArrayType(element, false);
    }

    private static int require(StructType schema, String name, List<DataType> accepted, String expected) {
        String[] names = schema.fieldNames();
        int index = Arrays.asList(names).indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("the blocks have no column '" + name + "' (columns: "
                    + String.join(", ", names) + "); expected a column '" + name + "' of " + expected);
        }
        DataType type = schema.fields()[index].dataType();
        boolean matches = accepted.stream().anyMatch(candidate -> candidate instanceof ArrayType array
                ? type instanceof ArrayType given && given.elementType().equals(array.elementType())
                : candidate.equals(type));
        if (!matches) {
            throw new IllegalArgumentException("column '" + name + "' has type " + type.simpleString() + "; expected "
                    + expected);
        }
        return index;
    }

    String blockId(Row row) {
        return (String) require(row, blockIndex, BLOCK_ID, null);
    }

    long[] offset(Row row) {
        List<Object> values = row.getList(offsetIndex);
        long[] offset = new long[values.size()];
        for (int i = 0; i < offset.length; i++) {
            offset[i] = ((Number) require(values.get(i), OFFSET, row)).longValue();
        }
        return offset;
    }

    int[] shape(Row row) {
        return ints(row, shapeIndex, SHAPE);
    }

    boolean hasRegion() {
        return regionStartIndex >= 0;
    }

    int[] regionStart(Row row) {
        return ints(row, regionStartIndex, REGION_START);
    }

    int[] regionShape(Row row) {
        return ints(row, regionShapeIndex, REGION_SHAPE);
    }

    long[] labels(Row row) {
        Object value = require(row, labelsIndex, LABELS, blockId(row));
        if (binaryLabels) {
            byte[] bytes = (byte[]) value;
            if (bytes.length % Long.BYTES != 0) {
                throw new IllegalArgumentException("labels of block '" + blockId(row) + "' has " + bytes.length
                        + " bytes; expected 8 little-endian bytes per voxel");
            }
            long[] labels = new long[bytes.length / Long.BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(labels);
            return labels;
        }
        List<Object> values = row.getList(labelsIndex);
        long[] labels = new long[values.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (Long) require(values.get(i), LABELS, row);
        }
        return labels;
    }

    private int[] ints(Row row, int index, String name) {
        require(row, index, name, blockId(row));
        List<Object> values = row.getList(index);
        int[] ints = new int[values.size()];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = (Integer) require(values.get(i), name, row);
        }
        return ints;
    }

    private Object require(Object value, String name, Row row) {
        if (value == null) {
            throw new IllegalArgumentException("column '" + name + "' of block '" + blockId(row)
                    + "' holds a null; expected numbers only");
        }
        return value;
    }

    private static Object require(Row row, int index, String name, String blockId) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException("column '" + name + "' is null" + (blockId == null ? " in a row"
                    : " for block '" + blockId + "'") + "; expected a value");
        }
        return row.get(index);
    }
}
