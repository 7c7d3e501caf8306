package org.pocaduck.internal.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link ByteWriter} wrote, checking every length and number against the bytes at hand: a corrupt record
 * gives a {@link CorruptRecordException} that says what could not be read, never an out-of-bounds read or a huge
 * allocation.
 */
public final class ByteReader {
    private final byte[] bytes;
    private final int end;
    private int position;

    public ByteReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    /** A record that cannot be read as the format says; the message says which value. */
    public static final class CorruptRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        public CorruptRecordException(String message) {
            super(message);
        }
    }

    /** A varint that must be a non-negative 63-bit number. */
    public long varint(String what) throws CorruptRecordException {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (position >= end) {
                throw new CorruptRecordException("it ends inside its " + what);
            }
            byte next = bytes[position++];
            value |= (long) (next & 0x7F) << shift;
            if (next >= 0) {
                if (value < 0) {
                    break;
                }
                return value;
            }
        }
        throw new CorruptRecordException("its " + what + " is not a non-negative 63-bit number");
    }

    /** A varint of up to 10 bytes holding an unsigned 64-bit number. */
    public long unsignedVarint(String what) throws CorruptRecordException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw new CorruptRecordException("it ends inside its " + what);
            }
            byte next = bytes[position++];
            if (shift == 63 && (next & 0x7E) != 0) {
                break;
            }
            value |= (long) (next & 0x7F) << shift;
            if (next >= 0) {
                return value;
            }
        }
        throw new CorruptRecordException("its " + what + " is not an unsigned 64-bit number");
    }

    /** A varint that must fit an int, as counts, ids and levels do. */
    public int count(String what) throws CorruptRecordException {
        long value = varint(what);
        if (value > Integer.MAX_VALUE) {
            throw new CorruptRecordException("its " + what + " " + value + " is out of range");
        }
        return (int) value;
    }

    /** A count of items that each take at least one byte, so it cannot exceed what is left. */
    public int itemCount(String what) throws CorruptRecordException {
        int value = count(what);
        if (value > remaining()) {
            throw new CorruptRecordException("its " + what + " " + value + " exceeds the " + remaining()
                    + " bytes left");
        }
        return value;
    }

    public long fixed64(String what) throws CorruptRecordException {
        need(8, what);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (bytes[position++] & 0xFFL) << (8 * i);
        }
        return value;
    }

    public int fixed32(String what) throws CorruptRecordException {
        need(4, what);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (bytes[position++] & 0xFF) << (8 * i);
        }
        return value;
    }

    public String string(String what) throws CorruptRecordException {
        int length = count(what + " length");
        need(length, what);
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    public byte[] bytes(String what) throws CorruptRecordException {
        int length = count(what + " length");
        need(length, what);
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    public int remaining() {
        return end - position;
    }

    private void need(int length, String what) throws CorruptRecordException {
        if (length > end - position) {
            throw new CorruptRecordException("its " + what + " runs past its end");
        }
    }
}
