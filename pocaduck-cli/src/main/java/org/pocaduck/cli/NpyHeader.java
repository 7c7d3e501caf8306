package org.pocaduck.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file (format 1.0, 2.0 or 3.0): the dtype, the memory order, the shape of any
 * rank, and where the data starts. Parsed from the first bytes of the file, so a large array need not be read to
 * learn what it holds.
 *
 * @param text the header dictionary as written, for messages
 * @param byteOrder the dtype's byte order ({@code '|'} for single bytes)
 * @param kind {@code 'i'}, {@code 'u'}, {@code 'f'} or another NumPy kind character
 * @param width bytes per value
 * @param fortranOrder whether the first axis varies fastest in memory
 * @param shape the size of each axis
 * @param dataOffset where the data starts, in bytes from the start of the file
 */
record NpyHeader(String text, char byteOrder, char kind, int width, boolean fortranOrder, long[] shape,
        int dataOffset) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([\\d\\s,]*)\\)");

    /** How many leading bytes of a file {@link #parse} needs at most for an ordinary header. */
    static final int TYPICAL_HEADER_BYTES = 4096;

    /**
     * Parses the header at the start of {@code bytes} (which need not hold the data); {@code name} says in messages
     * which file or array was wrong.
     */
    static NpyHeader parse(ByteBuffer bytes, String name) {
        bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        bytes.position(0);
        if (bytes.remaining() < MAGIC.length + 4) {
            throw notNpy(name, "it is too short");
        }
        byte[] magic = new byte[MAGIC.length];
        bytes.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw notNpy(name, "it does not start with the NumPy magic string");
        }
        int major = bytes.get();
        bytes.get();
        long headerLength = major == 1 ? Short.toUnsignedInt(bytes.getShort()) : Integer.toUnsignedLong(bytes.getInt());
        if (headerLength > bytes.remaining()) {
            throw notNpy(name, "its header of " + headerLength + " bytes is longer than the "
                    + bytes.remaining() + " bytes that follow");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        bytes.get(headerBytes);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)
                .strip();
        Matcher descr = DESCR.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !shape.find()) {
            throw notNpy(name, "its header " + header + " does not describe a numeric array");
        }
        Matcher fortran = FORTRAN.matcher(header);
        boolean fortranOrder = fortran.find() && fortran.group(1).equals("True");
        return new NpyHeader(header, descr.group(1).charAt(0), descr.group(2).charAt(0),
                Integer.parseInt(descr.group(3)), fortranOrder, parseShape(shape.group(1), header, name),
                bytes.position());
    }

    private static long[] parseShape(String sizes, String header, String name) {
        String[] parts = sizes.strip().split("\\s*,\\s*");
        if (parts.length == 1 && parts[0].isEmpty()) {
            return new long[0];
        }
        long[] shape = new long[parts.length];
        for (int axis = 0; axis < parts.length; axis++) {
            try {
                shape[axis] = Long.parseLong(parts[axis]);
            } catch (NumberFormatException e) {
                throw notNpy(name, "its header " + header + " has a shape that is not a tuple of sizes");
            }
        }
        return shape;
    }

    /** The dtype as NumPy writes it, e.g. {@code <u8}. */
    String dtype() {
        return "" + byteOrder + kind + width;
    }

    ByteOrder order() {
        return byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    boolean isInteger() {
        return (kind == 'i' || kind == 'u') && (width == 1 || width == 2 || width == 4 || width == 8);
    }

    String shapeText() {
        StringBuilder text = new StringBuilder("(");
        for (int axis = 0; axis < shape.length; axis++) {
            text.append(axis == 0 ? "" : ", ").append(shape[axis]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }

    static IllegalArgumentException notNpy(String name, String why) {
        return new IllegalArgumentException(name + " is not a readable .npy array: " + why);
    }
}
