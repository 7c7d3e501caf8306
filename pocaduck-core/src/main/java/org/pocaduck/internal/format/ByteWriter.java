package org.pocaduck.internal.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the compact binary records of the library's own index structures: unsigned LEB128 varints, little-endian
 * fixed-width integers, and strings as a varint byte length followed by UTF-8.
 */
public final class ByteWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Writes a non-negative number in as few bytes as it needs (7 bits a byte). */
    public ByteWriter varint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a varint holds no negative number, got " + value);
        }
        return unsignedVarint(value);
    }

    /** Writes all 64 bits of {@code value} as an unsigned number, in up to 10 bytes. */
    public ByteWriter unsignedVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            bytes.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes.write((int) value);
        return this;
    }

    public ByteWriter fixed64(long value) {
        for (int i = 0; i < 8; i++) {
            bytes.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public ByteWriter fixed32(int value) {
        for (int i = 0; i < 4; i++) {
            bytes.write(value >>> (8 * i));
        }
        return this;
    }

    public ByteWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a byte array as its varint length and its bytes. */
    public ByteWriter bytes(byte[] value) {
        varint(value.length);
        bytes.write(value, 0, value.length);
        return this;
    }

    public byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
