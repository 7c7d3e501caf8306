package org.pocaduck.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.pocaduck.ColumnType;
import org.pocaduck.PointCloud;

/**
 * Writes a point cloud as a binary little-endian PLY file of vertices, one property per column, which MeshLab and
 * CloudCompare open directly. PLY has no 64-bit integer type, so int64 columns are written as double (exact up to
 * 2^53, which covers voxel coordinates; larger ids such as supervoxels are rounded).
 */
final class PlyPointWriter {
    private PlyPointWriter() {
    }

    static void write(long label, PointCloud cloud, OutputStream out) throws IOException {
        ColumnType[] types = new ColumnType[cloud.dimensions()];
        StringBuilder header = new StringBuilder("ply\nformat binary_little_endian 1.0\n");
        header.append("comment PoCADuck label ").append(Long.toUnsignedString(label)).append('\n');
        header.append("element vertex ").append(cloud.size()).append('\n');
        for (int d = 0; d < types.length; d++) {
            types[d] = cloud.columnType(d) == ColumnType.INT64 ? ColumnType.FLOAT64 : cloud.columnType(d);
            header.append("property ").append(plyType(types[d])).append(' ').append(cloud.columnNames().get(d))
                    .append('\n');
        }
        header.append("end_header\n");
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
        LittleEndianRows.write(cloud, types, out);
    }

    private static String plyType(ColumnType type) {
        return switch (type) {
            case INT32 -> "int";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case INT64 -> throw new IllegalStateException("PLY has no 64-bit integer type");
        };
    }
}
