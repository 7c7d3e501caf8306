package org.pocaduck.internal.parquet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** Writes the Thrift Compact Protocol, to build footers and page headers for tests. */
final class ThriftCompactWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Deque<Integer> lastIds = new ArrayDeque<>();
    private int lastId;

    byte[] toByteArray() {
        return out.toByteArray();
    }

    ThriftCompactWriter field(int id, int type) {
        int delta = id - lastId;
        if (delta > 0 && delta <= 15) {
            out.write(delta << 4 | type);
        } else {
            out.write(type);
            varint(zigzag(id));
        }
        lastId = id;
        return this;
    }

    ThriftCompactWriter i32(int id, int value) {
        return field(id, ThriftCompactReader.I32).varint(zigzag(value));
    }

    ThriftCompactWriter i64(int id, long value) {
        return field(id, ThriftCompactReader.I64).varint(zigzag(value));
    }

    ThriftCompactWriter bool(int id, boolean value) {
        return field(id, value ? ThriftCompactReader.BOOLEAN_TRUE : ThriftCompactReader.BOOLEAN_FALSE);
    }

    ThriftCompactWriter string(int id, String value) {
        return field(id, ThriftCompactReader.BINARY).stringValue(value);
    }

    ThriftCompactWriter stringValue(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        varint(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    /** Starts a struct-typed field; close it with {@link #endStruct}. */
    ThriftCompactWriter beginStruct(int id) {
        field(id, ThriftCompactReader.STRUCT);
        return beginStruct();
    }

    /** Starts a struct that is the outermost one or a list element. */
    ThriftCompactWriter beginStruct() {
        lastIds.push(lastId);
        lastId = 0;
        return this;
    }

    ThriftCompactWriter endStruct() {
        out.write(ThriftCompactReader.STOP);
        lastId = lastIds.isEmpty() ? 0 : lastIds.pop();
        return this;
    }

    /** A list field header; the elements follow. */
    ThriftCompactWriter list(int id, int elementType, int size) {
        field(id, ThriftCompactReader.LIST);
        return listHeader(elementType, size);
    }

    ThriftCompactWriter listHeader(int elementType, int size) {
        if (size < 15) {
            out.write(size << 4 | elementType);
        } else {
            out.write(0xF0 | elementType);
            varint(size);
        }
        return this;
    }

    ThriftCompactWriter map(int id, int keyType, int valueType, int size) {
        field(id, ThriftCompactReader.MAP);
        varint(size);
        if (size > 0) {
            out.write(keyType << 4 | valueType);
        }
        return this;
    }

    ThriftCompactWriter raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    ThriftCompactWriter bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    ThriftCompactWriter varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    private static long zigzag(long n) {
        return (n << 1) ^ (n >> 63);
    }
}
