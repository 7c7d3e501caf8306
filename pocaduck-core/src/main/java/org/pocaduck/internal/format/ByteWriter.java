package org.pocaduck.internal.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds the compact binary records of the library's own index structures: unsigned LEB128 varints, little-endian
 * fixed-width integers, and strings as a varint byte length followed by UTF-8. Writes into a plain growing array: a
 * label index writes its pages byte by byte, and a synchronized stream per byte took a large part of it.
 */
public final class ByteWriter {
    private byte[] bytes = new byte[256];
    private int size;

    /** Writes a non-negative number in as few bytes as it needs (7 bits a byte). */
    public ByteWriter varint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a varint holds no negative number, got " + value);
        }
        return unsignedVarint(value);
    }

    /** Writes all 64 bits of {@code value} as an unsigned number, in up to 10 bytes. */
    public ByteWriter unsignedVarint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
        return this;
    }

    public ByteWriter fixed64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    public ByteWriter fixed32(int value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    public ByteWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a byte array as its varint length and its bytes. */
    public ByteWriter bytes(byte[] value) {
        varint(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (bytes.length - size < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
