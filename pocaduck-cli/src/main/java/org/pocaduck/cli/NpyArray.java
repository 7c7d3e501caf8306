package org.pocaduck.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numeric NumPy array of one or two dimensions parsed from the bytes of a {@code .npy} file (format 1.0, 2.0 or
 * 3.0): signed or unsigned integers or floats of 1 to 8 bytes, C order. A 1-D array is one column.
 */
final class NpyArray {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([iuf])(\\d)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+)(?:,\\s*(\\d+)?)?\\s*,?\\s*\\)");

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
        bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        if (bytes.remaining() < MAGIC.length + 4) {
            throw notNpy(name, "it is too short");
        }
        bytes.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw notNpy(name, "it does not start with the NumPy magic string");
        }
        int major = bytes.get();
        bytes.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(bytes.getShort()) : bytes.getInt();
        byte[] headerBytes = new byte[headerLength];
        bytes.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !shape.find()) {
            throw notNpy(name, "its header " + header.strip() + " is not that of a 1-D or 2-D numeric array");
        }
        if (fortran.find() && fortran.group(1).equals("True")) {
            throw notNpy(name, "it is in Fortran order; expected C order");
        }
        char kind = descr.group(2).charAt(0);
        int width = Integer.parseInt(descr.group(3));
        boolean validWidth = kind == 'f' ? width == 4 || width == 8 : width == 1 || width == 2 || width == 4
                || width == 8;
        if (!validWidth || descr.group(1).equals(">")) {
            throw notNpy(name, "its dtype '" + descr.group(1) + kind + width
                    + "' is not supported; expected little-endian integers or float32/float64");
        }
        int rows = Integer.parseInt(shape.group(1));
        int columns = shape.group(2) == null ? 1 : Integer.parseInt(shape.group(2));
        ByteBuffer data = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (data.remaining() < (long) rows * columns * width) {
            throw notNpy(name, "it holds fewer bytes than its shape (" + rows + ", " + columns + ") needs");
        }
        return new NpyArray(kind, width, rows, columns, data);
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

    /** An integer value; uint64 values keep their 64 bits, so 2^64 − 1 is {@code -1L} as labels are. */
    long getLong(int row, int column) {
        int offset = (row * columns + column) * width;
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
        int offset = (row * columns + column) * width;
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

    private static IllegalArgumentException notNpy(String name, String why) {
        return new IllegalArgumentException(name + " is not a readable .npy array: " + why);
    }
}
