package org.pocaduck.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The bytes of .npy files (format 1.0) of any shape and memory order, as NumPy writes them. */
final class NpyFiles {

    private NpyFiles() {
    }

    static byte[] npy(String descr, boolean fortranOrder, long[] shape, byte[] data) throws IOException {
        StringBuilder shapeText = new StringBuilder("(");
        for (int axis = 0; axis < shape.length; axis++) {
            shapeText.append(axis == 0 ? "" : ", ").append(shape[axis]);
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + shapeText.append(")") + ", }";
        int padding = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        bytes.write(header.length() & 0xff);
        bytes.write(header.length() >>> 8);
        bytes.write(header.getBytes(StandardCharsets.US_ASCII));
        bytes.write(data);
        return bytes.toByteArray();
    }

    /** Little-endian 8-byte values: '<u8' or '<i8' data. */
    static byte[] u8(long[] values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            data.putLong(value);
        }
        return data.array();
    }

    /** Little-endian 4-byte values (the low 32 bits of each): '<u4' or '<i4' data. */
    static byte[] u4(long[] values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            data.putInt((int) value);
        }
        return data.array();
    }
}
