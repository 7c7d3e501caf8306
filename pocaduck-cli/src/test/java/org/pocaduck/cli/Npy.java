package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed .npy file: checks the format 1.0 framing and exposes the header fields and the raw data. */
record Npy(String descr, int rows, int columns, ByteBuffer data) {

    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '([^']+)', 'fortran_order': False, 'shape': \\((\\d+), (\\d+)\\), } *\n");

    static Npy read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        bytes.get(magic);
        assertThat(magic).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
        int headerLength = Short.toUnsignedInt(bytes.getShort());
        byte[] header = new byte[headerLength];
        bytes.get(header);
        assertThat(bytes.position() % 64).as("data offset aligned to 64 bytes").isZero();
        Matcher matcher = HEADER.matcher(new String(header, StandardCharsets.US_ASCII));
        assertThat(matcher.matches()).as("header %s", new String(header, StandardCharsets.US_ASCII)).isTrue();
        return new Npy(matcher.group(1), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)),
                bytes.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    long[][] longs() {
        assertThat(data.remaining()).isEqualTo(rows * columns * Long.BYTES);
        long[][] values = new long[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                values[r][c] = data.getLong((r * columns + c) * Long.BYTES);
            }
        }
        return values;
    }

    double[][] doubles() {
        assertThat(data.remaining()).isEqualTo(rows * columns * Double.BYTES);
        double[][] values = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                values[r][c] = data.getDouble((r * columns + c) * Double.BYTES);
            }
        }
        return values;
    }
}
