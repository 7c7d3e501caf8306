package org.pocaduck.internal.parquet;

import java.nio.charset.StandardCharsets;

/**
 * Reads the Thrift Compact Protocol, the encoding of Parquet's footer and page headers. Callers pick out the fields
 * they need by id and {@link #skip} everything else, whatever its type, so metadata added by newer writers never
 * breaks reading.
 *
 * <p>Every read is bounds-checked against the limit: truncated or corrupt input raises
 * {@link ParquetFormatException} naming the context and byte offset, never an unchecked exception.
 */
final class ThriftCompactReader {
    static final int STOP = 0;
    static final int BOOLEAN_TRUE = 1;
    static final int BOOLEAN_FALSE = 2;
    static final int BYTE = 3;
    static final int I16 = 4;
    static final int I32 = 5;
    static final int I64 = 6;
    static final int DOUBLE = 7;
    static final int BINARY = 8;
    static final int LIST = 9;
    static final int SET = 10;
    static final int MAP = 11;
    static final int STRUCT = 12;
    static final int UUID = 13;

    /** Deeper nesting than any Parquet structure needs; guards the recursion in {@link #skip} against hostile input. */
    private static final int MAX_DEPTH = 64;

    private final byte[] bytes;
    private final int limit;
    private final String context;
    private int position;
    private int fieldId;
    private int listElementType;
    /** Field ids are delta-encoded against the previous field of the same struct, so each open struct keeps its own. */
    private final int[] lastFieldIds = new int[MAX_DEPTH + 1];
    private int depth;

    /**
     * @param context what is being parsed, for error messages (e.g. "footer of /data/a.parquet")
     */
    ThriftCompactReader(byte[] bytes, int position, int limit, String context) {
        this.bytes = bytes;
        this.position = position;
        this.limit = limit;
        this.context = context;
    }

    int position() {
        return position;
    }

    /** Starts reading the fields of a struct (the outermost one, or one whose field header was just read). */
    void beginStruct() throws ParquetFormatException {
        if (depth == MAX_DEPTH) {
            throw corrupt("structures nested deeper than " + MAX_DEPTH);
        }
        lastFieldIds[++depth] = 0;
    }

    /** Ends a struct after {@link #nextField} returned {@link #STOP}. */
    void endStruct() {
        depth--;
    }

    /** Reads the next field header of the current struct: returns its type ({@link #STOP} at the end). */
    int nextField() throws ParquetFormatException {
        int header = readByte() & 0xFF;
        int type = header & 0x0F;
        if (type == STOP) {
            return STOP;
        }
        int delta = header >>> 4;
        fieldId = delta != 0 ? lastFieldIds[depth] + delta : (short) zigzag32(readVarint32());
        lastFieldIds[depth] = fieldId;
        return type;
    }

    /** The id of the field whose header {@link #nextField} read last. */
    int fieldId() {
        return fieldId;
    }

    boolean readBoolean(int type) throws ParquetFormatException {
        if (type != BOOLEAN_TRUE && type != BOOLEAN_FALSE) {
            throw unexpected(type, "a boolean");
        }
        return type == BOOLEAN_TRUE;
    }

    int readI32(int type) throws ParquetFormatException {
        if (type != I32 && type != I16 && type != BYTE) {
            throw unexpected(type, "an integer");
        }
        return type == BYTE ? readByte() : zigzag32(readVarint32());
    }

    long readI64(int type) throws ParquetFormatException {
        if (type == I64) {
            return zigzag64(readVarint64());
        }
        return readI32(type);
    }

    String readString(int type) throws ParquetFormatException {
        if (type != BINARY) {
            throw unexpected(type, "a string");
        }
        int length = readLength();
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    /**
     * Reads the header of a list (or set) field and returns its size; checks that the elements have the expected
     * type.
     */
    int readListHeader(int type, int elementType) throws ParquetFormatException {
        if (type != LIST && type != SET) {
            throw unexpected(type, "a list");
        }
        int size = readCollectionHeader();
        if (size > 0 && listElementType != elementType) {
            throw corrupt("list of type " + listElementType + " where elements of type " + elementType
                    + " were expected");
        }
        return size;
    }

    /** Skips a field (or list element, {@code inCollection}) of the given type, including everything nested in it. */
    void skip(int type) throws ParquetFormatException {
        skip(type, false);
    }

    private void skip(int type, boolean inCollection) throws ParquetFormatException {
        switch (type) {
            // A boolean field carries its value in the type; a boolean list element is one byte.
            case BOOLEAN_TRUE, BOOLEAN_FALSE -> advance(inCollection ? 1 : 0);
            case BYTE -> advance(1);
            case I16, I32, I64 -> readVarint64();
            case DOUBLE -> advance(8);
            case UUID -> advance(16);
            case BINARY -> advance(readLength());
            case LIST, SET -> {
                int size = readCollectionHeader();
                int elementType = listElementType;
                for (int i = 0; i < size; i++) {
                    skipNested(elementType);
                }
            }
            case MAP -> {
                int size = readCount();
                if (size > 0) {
                    int kinds = readByte() & 0xFF;
                    for (int i = 0; i < size; i++) {
                        skipNested(kinds >>> 4);
                        skipNested(kinds & 0x0F);
                    }
                }
            }
            case STRUCT -> {
                beginStruct();
                for (int t; (t = nextField()) != STOP; ) {
                    skip(t, false);
                }
                endStruct();
            }
            default -> throw corrupt("unknown Thrift type " + type);
        }
    }

    private void skipNested(int type) throws ParquetFormatException {
        if (depth == MAX_DEPTH) {
            throw corrupt("structures nested deeper than " + MAX_DEPTH);
        }
        depth++;
        lastFieldIds[depth] = 0;
        try {
            skip(type, true);
        } finally {
            depth--;
        }
    }

    private int readCollectionHeader() throws ParquetFormatException {
        int header = readByte() & 0xFF;
        listElementType = header & 0x0F;
        int size = header >>> 4;
        if (size == 15) {
            size = readCount();
        }
        return size;
    }

    /** A collection size: each element takes at least one byte, so it cannot exceed what is left. */
    private int readCount() throws ParquetFormatException {
        int count = readVarint32();
        if (count < 0 || count > limit - position) {
            throw corrupt("collection of " + Integer.toUnsignedString(count) + " elements in "
                    + (limit - position) + " remaining bytes");
        }
        return count;
    }

    private int readLength() throws ParquetFormatException {
        int length = readVarint32();
        if (length < 0 || length > limit - position) {
            throw corrupt("binary of " + Integer.toUnsignedString(length) + " bytes in " + (limit - position)
                    + " remaining bytes");
        }
        return length;
    }

    private byte readByte() throws ParquetFormatException {
        if (position >= limit) {
            throw corrupt("data ends early");
        }
        return bytes[position++];
    }

    private void advance(int n) throws ParquetFormatException {
        if (n > limit - position) {
            throw corrupt("data ends early");
        }
        position += n;
    }

    private int readVarint32() throws ParquetFormatException {
        long value = readVarint64();
        if (value >>> 32 != 0) {
            throw corrupt("varint " + Long.toUnsignedString(value) + " does not fit 32 bits");
        }
        return (int) value;
    }

    private long readVarint64() throws ParquetFormatException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw corrupt("varint longer than 10 bytes");
    }

    private static int zigzag32(int n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private static long zigzag64(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private ParquetFormatException unexpected(int type, String expected) {
        return corrupt("field " + fieldId + " has Thrift type " + type + " where " + expected + " was expected");
    }

    private ParquetFormatException corrupt(String what) {
        return new ParquetFormatException("corrupt Thrift data in " + context + " at byte " + position + ": " + what);
    }
}
