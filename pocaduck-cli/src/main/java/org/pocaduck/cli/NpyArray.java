package org.pocaduck.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A numeric NumPy array of one or two dimensions parsed from the bytes of a {@code .npy} file (format 1.0, 2.0 or
 * 3.0): signed or unsigned integers or floats of 1 to 8 bytes, C order. A 1-D array is one column.
 */
final class NpyArray {

    private final char kind;
    private final int width;
    private final int rows;
    private final int columns;
    private final ByteBuffer data;

    private NpyArray(char kind, int width, int rows, int columns, ByteBuffer data) {
        this.kind = kind;
        this.width = width;
        this.rows = rows;
        this.columns = columns;
        this.data = data;
    }

    /** Parses {@code bytes}; {@code name} says in messages which file or array was wrong. */
    static NpyArray parse(ByteBuffer bytes, String name) {
        NpyHeader header = NpyHeader.parse(bytes, name);
        if (header.shape().length < 1 || header.shape().length > 2) {
            throw NpyHeader.notNpy(name, "its header " + header.text() + " is not that of a 1-D or 2-D numeric array");
        }
        if (header.fortranOrder()) {
            throw NpyHeader.notNpy(name, "it is in Fortran order; expected C order");
        }
        char kind = header.kind();
        int width = header.width();
        boolean validWidth = kind == 'f' ? width == 4 || width == 8 : header.isInteger();
        if (!validWidth || header.byteOrder() == '>') {
            throw NpyHeader.notNpy(name, "its dtype '" + header.dtype()
                    + "' is not supported; expected little-endian integers or float32/float64");
        }
        long rows = header.shape()[0];
        long columns = header.shape().length == 1 ? 1 : header.shape()[1];
        ByteBuffer data = bytes.duplicate().position(header.dataOffset()).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (data.remaining() < rows * columns * width) {
            throw NpyHeader.notNpy(name, "it holds fewer bytes than its shape (" + rows + ", " + columns + ") needs");
        }
        return new NpyArray(kind, width, (int) rows, (int) columns, data);
    }

    int rows() {
        return rows;
    }

    int columns() {
        return columns;
    }

    boolean isFloating() {
        return kind == 'f';
    }

    /** uint64 values of 2^63 and above come back from {@link #getLong} as negative longs. */
    boolean isUnsigned64() {
        return kind == 'u' && width == 8;
    }

    /** The value's bits: equal bits, equal value, so a run of one block id is found without making Strings. */
    long bits(int row, int column) {
        return kind == 'f' ? Double.doubleToRawLongBits(getDouble(row, column)) : getLong(row, column);
    }

    /** The value as NumPy prints it, for messages. */
    String describe(int row, int column) {
        if (kind == 'f') {
            return Double.toString(getDouble(row, column));
        }
        long value = getLong(row, column);
        return isUnsigned64() ? Long.toUnsignedString(value) : Long.toString(value);
    }

    /** An integer value; uint64 values keep their 64 bits, so 2^64 − 1 is {@code -1L} as labels are. */
    long getLong(int row, int column) {
        int offset = Math.toIntExact(((long) row * columns + column) * width);
        switch (width) {
            case 1: return kind == 'u' ? Byte.toUnsignedLong(data.get(offset)) : data.get(offset);
            case 2: return kind == 'u' ? Short.toUnsignedLong(data.getShort(offset)) : data.getShort(offset);
            case 4: return kind == 'u' ? Integer.toUnsignedLong(data.getInt(offset)) : data.getInt(offset);
            default: return data.getLong(offset);
        }
    }

    double getDouble(int row, int column) {
        if (kind != 'f') {
            return kind == 'u' && width == 8 ? unsignedToDouble(getLong(row, column)) : getLong(row, column);
        }
        int offset = Math.toIntExact(((long) row * columns + column) * width);
        return width == 4 ? data.getFloat(offset) : data.getDouble(offset);
    }

    /**
     * A uint64 label at {@code row}: an integer array's value, or an integral non-negative float. A negative signed
     * integer is no uint64 and is refused rather than wrapped around.
     */
    long getLabel(int row, int column, String name) {
        if (kind == 'f') {
            double value = getDouble(row, column);
            if (value < 0 || value != Math.rint(value) || value >= 0x1p64) {
                throw new IllegalArgumentException(name + ": label " + value + " at row " + row
                        + " is not a uint64 integer");
            }
            return value >= 0x1p63 ? (long) (value - 0x1p63) ^ Long.MIN_VALUE : (long) value;
        }
        long value = getLong(row, column);
        if (kind == 'i' && value < 0) {
            throw new IllegalArgumentException(name + ": label " + value + " at row " + row + " is negative;"
                    + " expected a uint64");
        }
        return value;
    }

    /** A block id as text: the integer, or a float's integral value without a fraction. */
    String getBlockId(int row, int column, String name) {
        if (kind != 'f') {
            return kind == 'u' && width == 8 ? Long.toUnsignedString(getLong(row, column))
                    : Long.toString(getLong(row, column));
        }
        double value = getDouble(row, column);
        if (value != Math.rint(value) || Math.abs(value) >= 0x1p63) {
            throw new IllegalArgumentException(name + ": block id " + value + " at row " + row
                    + " is not an integer");
        }
        return Long.toString((long) value);
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (value >>> 1 | (value & 1)) * 2.0;
    }
}
