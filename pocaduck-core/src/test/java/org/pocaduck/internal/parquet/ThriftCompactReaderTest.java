package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pocaduck.internal.parquet.ThriftCompactReader.BINARY;
import static org.pocaduck.internal.parquet.ThriftCompactReader.BOOLEAN_TRUE;
import static org.pocaduck.internal.parquet.ThriftCompactReader.DOUBLE;
import static org.pocaduck.internal.parquet.ThriftCompactReader.I32;
import static org.pocaduck.internal.parquet.ThriftCompactReader.I64;
import static org.pocaduck.internal.parquet.ThriftCompactReader.STOP;
import static org.pocaduck.internal.parquet.ThriftCompactReader.STRUCT;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThriftCompactReaderTest {

    @Test
    void readsKnownFieldsAroundUnknownOnesOfEveryType() throws Exception {
        ThriftCompactWriter w = new ThriftCompactWriter().beginStruct();
        w.i32(1, -7);
        w.bool(2, true);
        w.field(3, ThriftCompactReader.BYTE).raw(0x85);
        w.field(4, ThriftCompactReader.I16).varint(5);
        w.i64(5, Long.MIN_VALUE);
        w.field(6, DOUBLE).raw(0, 0, 0, 0, 0, 0, 0xF0, 0x3F);
        w.string(7, "skipped ünïcode");
        w.list(8, BOOLEAN_TRUE, 3).raw(1, 2, 1);
        w.list(9, STRUCT, 20);
        for (int i = 0; i < 20; i++) {
            w.beginStruct().i32(1, i).list(2, BINARY, 1).stringValue("x").endStruct();
        }
        w.map(10, BINARY, STRUCT, 2);
        for (int i = 0; i < 2; i++) {
            w.stringValue("key" + i).beginStruct().beginStruct(3).bool(1, false).endStruct().endStruct();
        }
        w.map(11, I32, I32, 0);
        w.field(12, ThriftCompactReader.SET).listHeader(I64, 2).varint(1).varint(2);
        w.field(13, ThriftCompactReader.UUID).raw(new int[16]);
        w.beginStruct(14).endStruct();
        w.string(300, "long field id delta");
        w.i64(301, 1234567890123L);
        w.string(-5, "negative id");
        w.endStruct();
        byte[] bytes = w.toByteArray();

        ThriftCompactReader r = new ThriftCompactReader(bytes, 0, bytes.length, "test");
        List<String> seen = new ArrayList<>();
        r.beginStruct();
        for (int type; (type = r.nextField()) != STOP; ) {
            switch (r.fieldId()) {
                case 1 -> seen.add("1=" + r.readI32(type));
                case 2 -> seen.add("2=" + r.readBoolean(type));
                case 5 -> seen.add("5=" + r.readI64(type));
                case 301 -> seen.add("301=" + r.readI64(type));
                case -5 -> seen.add("-5=" + r.readString(type));
                default -> r.skip(type);
            }
        }
        r.endStruct();

        assertThat(seen).containsExactly("1=-7", "2=true", "5=" + Long.MIN_VALUE, "301=1234567890123",
                "-5=negative id");
        assertThat(r.position()).isEqualTo(bytes.length);
    }

    @Test
    void readsListsOfStrings() throws Exception {
        byte[] bytes = new ThriftCompactWriter().beginStruct().list(3, BINARY, 2).stringValue("a").stringValue("bc")
                .endStruct().toByteArray();
        ThriftCompactReader r = new ThriftCompactReader(bytes, 0, bytes.length, "test");
        r.beginStruct();
        int type = r.nextField();
        int size = r.readListHeader(type, BINARY);
        assertThat(size).isEqualTo(2);
        assertThat(r.readString(BINARY)).isEqualTo("a");
        assertThat(r.readString(BINARY)).isEqualTo("bc");
        assertThat(r.nextField()).isEqualTo(STOP);
    }

    @Test
    void truncatedInputIsAFormatErrorAtEveryCut() {
        byte[] bytes = new ThriftCompactWriter().beginStruct().i64(1, 1L << 40).string(2, "hello")
                .list(3, I32, 3).varint(2).varint(4).varint(6).beginStruct(4).i32(1, 1).endStruct().endStruct()
                .toByteArray();
        for (int cut = 0; cut < bytes.length; cut++) {
            ThriftCompactReader r = new ThriftCompactReader(bytes, 0, cut, "the test struct");
            assertThatThrownBy(() -> skipStruct(r))
                    .isInstanceOf(ParquetFormatException.class)
                    .hasMessageContaining("the test struct");
        }
    }

    @Test
    void rejectsHostileSizesAndNesting() {
        byte[] hugeString = new ThriftCompactWriter().beginStruct().field(1, BINARY).varint(Integer.MAX_VALUE)
                .toByteArray();
        assertThatThrownBy(() -> skipStruct(new ThriftCompactReader(hugeString, 0, hugeString.length, "x")))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("binary of");

        byte[] hugeList = new ThriftCompactWriter().beginStruct().list(1, I32, 1 << 30).toByteArray();
        assertThatThrownBy(() -> skipStruct(new ThriftCompactReader(hugeList, 0, hugeList.length, "x")))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("collection of");

        ThriftCompactWriter deep = new ThriftCompactWriter().beginStruct();
        for (int i = 0; i < 200; i++) {
            deep.beginStruct(1);
        }
        byte[] deepBytes = deep.toByteArray();
        assertThatThrownBy(() -> skipStruct(new ThriftCompactReader(deepBytes, 0, deepBytes.length, "x")))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("nested deeper");

        byte[] badType = new ThriftCompactWriter().beginStruct().raw(0x1E).toByteArray();
        assertThatThrownBy(() -> skipStruct(new ThriftCompactReader(badType, 0, badType.length, "x")))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("unknown Thrift type 14");
    }

    @Test
    void rejectsAFieldOfTheWrongType() throws Exception {
        byte[] bytes = new ThriftCompactWriter().beginStruct().string(1, "not a number").endStruct().toByteArray();
        ThriftCompactReader r = new ThriftCompactReader(bytes, 0, bytes.length, "x");
        r.beginStruct();
        int type = r.nextField();
        assertThatThrownBy(() -> r.readI32(type))
                .isInstanceOf(ParquetFormatException.class).hasMessageContaining("field 1");
    }

    private static void skipStruct(ThriftCompactReader r) throws ParquetFormatException {
        r.beginStruct();
        for (int type; (type = r.nextField()) != STOP; ) {
            r.skip(type);
        }
        r.endStruct();
    }
}
