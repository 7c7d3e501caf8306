package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

/** Value semantics of PointCloud and PointSchema. */
class PointCloudTest {
    private static final PointSchema XYZ_INT64 = PointSchema.of(ColumnType.INT64, "x", "y", "z");
    private static final PointSchema ALL_TYPES = PointSchema.builder()
            .column("i", ColumnType.INT32)
            .column("l", ColumnType.INT64)
            .column("f", ColumnType.FLOAT32)
            .column("d", ColumnType.FLOAT64)
            .build();

    private static PointCloud allTypes() {
        return PointCloud.ofColumns(ALL_TYPES, new int[] {1, -2}, new long[] {Long.MIN_VALUE, 4},
                new float[] {2.5f, -0f}, new double[] {1e300, 6});
    }

    @Test
    void ofColumnsRejectsAnArrayOfTheWrongType() {
        assertThatThrownBy(() -> PointCloud.ofColumns(ALL_TYPES, new int[1], new long[1], new double[1], new double[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("column f", "float32", "float[]", "double[]");
    }

    @Test
    void ofColumnsRejectsANullColumn() {
        assertThatThrownBy(() -> PointCloud.ofColumns(XYZ_INT64, new long[1], null, new long[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("column y", "null");
    }

    @Test
    void ofColumnsRejectsColumnsOfUnequalLength() {
        assertThatThrownBy(() -> PointCloud.ofColumns(XYZ_INT64, new long[3], new long[3], new long[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("column z has 2 values", "column x has 3");
    }

    @Test
    void ofColumnsRejectsAColumnCountThatDiffersFromTheSchema() {
        assertThatThrownBy(() -> PointCloud.ofColumns(XYZ_INT64, new long[3], new long[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("2 columns", "schema has 3");
    }

    @Test
    void ofColumnsIsUnaffectedByLaterChangesToTheVarargsArray() {
        Object[] columns = {new long[] {1}, new long[] {2}, new long[] {3}};
        PointCloud cloud = PointCloud.ofColumns(XYZ_INT64, columns);
        columns[0] = new long[] {9};

        assertThat(cloud.getLong(0, 0)).isEqualTo(1);
    }

    @Test
    void cloudsWithTheSameSchemaAndValuesAreEqual() {
        PointCloud first = allTypes();
        PointCloud second = allTypes();

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(PointCloud.empty(XYZ_INT64)).isEqualTo(PointCloud.empty(XYZ_INT64));
    }

    @Test
    void cloudsDifferingInValuesOrderNamesOrTypesAreNotEqual() {
        PointCloud cloud = PointCloud.ofColumns(XYZ_INT64, new long[] {1, 2}, new long[] {3, 4}, new long[] {5, 6});

        assertThat(cloud)
                .isNotEqualTo(PointCloud.ofColumns(XYZ_INT64, new long[] {1, 2}, new long[] {3, 4}, new long[] {5, 7}))
                .isNotEqualTo(PointCloud.ofColumns(XYZ_INT64, new long[] {2, 1}, new long[] {4, 3}, new long[] {6, 5}))
                .isNotEqualTo(PointCloud.ofColumns(PointSchema.of(ColumnType.INT64, "x", "y", "w"),
                        new long[] {1, 2}, new long[] {3, 4}, new long[] {5, 6}))
                .isNotEqualTo(PointCloud.ofColumns(PointSchema.of(ColumnType.INT32, "x", "y", "z"),
                        new int[] {1, 2}, new int[] {3, 4}, new int[] {5, 6}))
                .isNotEqualTo(PointCloud.empty(XYZ_INT64))
                .isNotEqualTo(null)
                .isNotEqualTo(cloud.toLongArray());
    }

    @Test
    void typedColumnsAreReadOnlyViewsOfTheValues() {
        PointCloud cloud = allTypes();

        assertThat(new int[] {cloud.intColumn(0).get(0), cloud.intColumn(0).get(1)}).containsExactly(1, -2);
        assertThat(new long[] {cloud.longColumn(1).get(0), cloud.longColumn(1).get(1)})
                .containsExactly(Long.MIN_VALUE, 4);
        assertThat(new float[] {cloud.floatColumn(2).get(0), cloud.floatColumn(2).get(1)}).containsExactly(2.5f, -0f);
        assertThat(new double[] {cloud.doubleColumn(3).get(0), cloud.doubleColumn(3).get(1)})
                .containsExactly(1e300, 6);
        assertThat(cloud.intColumn(0).remaining()).isEqualTo(2);

        assertThatThrownBy(() -> cloud.intColumn(0).put(0, 7)).isInstanceOf(ReadOnlyBufferException.class);
        assertThatThrownBy(() -> cloud.longColumn(1).put(0, 7)).isInstanceOf(ReadOnlyBufferException.class);
        assertThatThrownBy(() -> cloud.floatColumn(2).put(0, 7)).isInstanceOf(ReadOnlyBufferException.class);
        assertThatThrownBy(() -> cloud.doubleColumn(3).put(0, 7)).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(cloud).isEqualTo(allTypes());
    }

    @Test
    void aTypedColumnAccessorRejectsAColumnOfAnotherType() {
        assertThatThrownBy(() -> allTypes().longColumn(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("column i", "int32", "int64");
        assertThatThrownBy(() -> allTypes().doubleColumn(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("column f", "float32", "float64");
    }

    @Test
    void getLongReturnsIntegersAndIntegralFloatsExactly() {
        PointCloud cloud = allTypes();

        assertThat(cloud.getLong(1, 0)).isEqualTo(-2);
        assertThat(cloud.getLong(0, 1)).isEqualTo(Long.MIN_VALUE);
        assertThat(cloud.getLong(1, 2)).isZero();
        assertThat(cloud.getLong(1, 3)).isEqualTo(6);
    }

    @Test
    void getLongOfANonIntegralFloatThrowsInsteadOfTruncating() {
        assertThatThrownBy(() -> allTypes().getLong(0, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("2.5", "column f", "row 0");
        assertThatThrownBy(() -> allTypes().getLong(0, 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("1.0E300", "column d");
    }

    @Test
    void getDoubleWidensEveryType() {
        PointCloud cloud = allTypes();

        assertThat(cloud.getDouble(1, 0)).isEqualTo(-2.0);
        assertThat(cloud.getDouble(1, 1)).isEqualTo(4.0);
        assertThat(cloud.getDouble(0, 2)).isEqualTo(2.5);
        assertThat(cloud.getDouble(0, 3)).isEqualTo(1e300);
    }

    @Test
    void rowAccessOutsideTheCloudThrows() {
        assertThatThrownBy(() -> allTypes().getLong(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> allTypes().getDouble(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> allTypes().longColumn(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rowMajorCopiesHoldEveryValue() {
        PointCloud integers = PointCloud.ofColumns(PointSchema.builder().column("x", ColumnType.INT32)
                .column("id", ColumnType.INT64).build(), new int[] {1, Integer.MIN_VALUE}, new long[] {-1, 1L << 62});

        assertThat(integers.toLongArray()).isDeepEqualTo(new long[][] {{1, -1}, {Integer.MIN_VALUE, 1L << 62}});
        assertThat(allTypes().toDoubleArray())
                .isDeepEqualTo(new double[][] {{1, Long.MIN_VALUE, 2.5, 1e300}, {-2, 4, -0.0, 6}});
    }

    @Test
    void toLongArrayOfFloatingPointColumnsThrows() {
        assertThatThrownBy(() -> allTypes().toLongArray())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("toDoubleArray");
    }

    @Test
    void anEmptyCloudHasTheSchemasColumnsAndNoPoints() {
        PointCloud empty = PointCloud.empty(ALL_TYPES);

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.size()).isZero();
        assertThat(empty.dimensions()).isEqualTo(4);
        assertThat(empty.schema()).isEqualTo(ALL_TYPES);
        assertThat(empty.columnNames()).containsExactly("i", "l", "f", "d");
        assertThat(empty.intColumn(0).remaining()).isZero();
        assertThat(empty.longColumn(1).remaining()).isZero();
        assertThat(empty.floatColumn(2).remaining()).isZero();
        assertThat(empty.doubleColumn(3).remaining()).isZero();
        assertThat(empty.toDoubleArray()).isEmpty();
        assertThat(PointCloud.empty(XYZ_INT64).toLongArray()).isEmpty();
        assertThat(empty).isNotEqualTo(PointCloud.empty(XYZ_INT64));
    }

    @Test
    void columnsAreFoundByName() {
        assertThat(allTypes().dimensionOf("f")).isEqualTo(2);
        assertThat(allTypes().columnType(2)).isEqualTo(ColumnType.FLOAT32);
        assertThatThrownBy(() -> allTypes().dimensionOf("z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'z'", "i:int32");
    }

    @Test
    void schemasWithTheSameNamesAndTypesAreEqual() {
        PointSchema built = PointSchema.builder().column("x", ColumnType.INT64).column("y", ColumnType.INT64)
                .column("z", ColumnType.INT64).build();

        assertThat(built).isEqualTo(XYZ_INT64).hasSameHashCodeAs(XYZ_INT64);
        assertThat(PointSchema.defaultFor(3, ColumnType.INT64)).isEqualTo(XYZ_INT64);
        assertThat(XYZ_INT64)
                .isNotEqualTo(PointSchema.of(ColumnType.INT32, "x", "y", "z"))
                .isNotEqualTo(PointSchema.of(ColumnType.INT64, "x", "z", "y"))
                .isNotEqualTo(PointSchema.of(ColumnType.INT64, "x", "y"));
    }

    @Test
    void schemasDescribeThemselves() {
        assertThat(ALL_TYPES).hasToString("i:int32, l:int64, f:float32, d:float64");
        assertThat(ALL_TYPES.isAllInteger()).isFalse();
        assertThat(XYZ_INT64.isAllInteger()).isTrue();
        assertThat(ALL_TYPES.indexOf("d")).isEqualTo(3);
        assertThat(ALL_TYPES.indexOf("q")).isEqualTo(-1);
    }

    @Test
    void defaultSchemasNameExtraColumnsAfterTheirPosition() {
        assertThat(PointSchema.defaultFor(5, ColumnType.FLOAT64).names()).containsExactly("x", "y", "z", "attr_3",
                "attr_4");
        assertThat(PointSchema.defaultFor(2, ColumnType.INT32).names()).containsExactly("x", "y");
        assertThatThrownBy(() -> PointSchema.defaultFor(0, ColumnType.INT64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void schemaListsCannotBeModified() {
        assertThatThrownBy(() -> XYZ_INT64.names().add("w")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> XYZ_INT64.types().set(0, ColumnType.INT32))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
