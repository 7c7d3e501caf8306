package org.pocaduck.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
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
        ColumnPutter[] columns = new ColumnPutter[cloud.dimensions()];
        for (int d = 0; d < columns.length; d++) {
            columns[d] = putter(cloud, d, type);
        }
        ByteBuffer row = ByteBuffer.allocate(cloud.dimensions() * type.byteWidth()).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < cloud.size(); r++) {
            row.clear();
            for (ColumnPutter column : columns) {
                column.put(row, r);
            }
            out.write(row.array(), 0, row.position());
        }
        out.flush();
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

    /** Puts one column's value at a row; chosen once per column so the row loop does not switch on types. */
    private interface ColumnPutter {
        void put(ByteBuffer row, int r);
    }

    private static ColumnPutter putter(PointCloud cloud, int d, ColumnType type) {
        if (cloud.columnType(d) != type) {
            return (row, r) -> row.putDouble(cloud.getDouble(r, d));
        }
        switch (type) {
            case INT64: {
                LongBuffer values = cloud.longColumn(d);
                return (row, r) -> row.putLong(values.get(r));
            }
            case INT32: {
                IntBuffer values = cloud.intColumn(d);
                return (row, r) -> row.putInt(values.get(r));
            }
            case FLOAT64: {
                DoubleBuffer values = cloud.doubleColumn(d);
                return (row, r) -> row.putDouble(values.get(r));
            }
            case FLOAT32: {
                FloatBuffer values = cloud.floatColumn(d);
                return (row, r) -> row.putFloat(values.get(r));
            }
            default:
                throw new IllegalStateException("Unsupported column type " + type);
        }
    }
}
