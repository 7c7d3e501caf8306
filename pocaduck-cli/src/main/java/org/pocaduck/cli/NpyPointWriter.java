package org.pocaduck.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pocaduck.ColumnType;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;

/**
 * Writes a point cloud as a NumPy {@code .npy} (format 1.0) array of shape (N, D), row-major and little-endian. The
 * dtype is the columns' type when they all share one; otherwise float64, the one type every column converts into
 * (int64 values beyond 2^53 are then rounded).
 */
final class NpyPointWriter {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** NumPy aligns the data to 64 bytes; the header is padded with spaces to get there. */
    private static final int ALIGNMENT = 64;

    private NpyPointWriter() {
    }

    static void write(PointCloud cloud, OutputStream out) throws IOException {
        ColumnType type = commonType(cloud.schema());
        writeHeader(out, type, cloud.size(), cloud.dimensions());
        ColumnType[] types = new ColumnType[cloud.dimensions()];
        Arrays.fill(types, type);
        LittleEndianRows.write(cloud, types, out);
    }

    private static ColumnType commonType(PointSchema schema) {
        ColumnType first = schema.type(0);
        return schema.types().stream().allMatch(first::equals) ? first : ColumnType.FLOAT64;
    }

    private static String descr(ColumnType type) {
        switch (type) {
            case INT64: return "<i8";
            case INT32: return "<i4";
            case FLOAT64: return "<f8";
            case FLOAT32: return "<f4";
            default: throw new IllegalStateException("Unsupported column type " + type);
        }
    }

    private static void writeHeader(OutputStream out, ColumnType type, int rows, int columns) throws IOException {
        String dict = "{'descr': '" + descr(type) + "', 'fortran_order': False, 'shape': (" + rows + ", " + columns
                + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";
        out.write(MAGIC);
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
    }
}
