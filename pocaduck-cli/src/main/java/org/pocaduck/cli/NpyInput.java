package org.pocaduck.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.pocaduck.ColumnType;
import org.pocaduck.PointSchema;

/**
 * A NumPy {@code .npy} file holding one 2-D array of N × (2 + D): column 0 is the label, column 1 the block id (a
 * number), the other D columns the point. A single dtype covers every column, so labels of 2^63 and above need
 * uint64 ('<u8') — or an .npz file, whose label array has its own dtype. The point columns are named x, y, z,
 * attr_3, ... (the library's default names) unless {@code --columns} names them.
 */
final class NpyInput {

    private NpyInput() {
    }

    /**
     * Maps the file into memory as a point table: the operating system pages it in as it is read and may drop the
     * pages again, so the heap holds only one batch.
     */
    static PointInput open(Path file, ColumnChoice choice) throws IOException {
        NpyArray array;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(file + " has " + channel.size() + " bytes; expected at most "
                        + Integer.MAX_VALUE + " per .npy file (split the array into several files)");
            }
            array = NpyArray.parse(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()), file.toString());
        }
        int dimensions = array.columns() - 2;
        if (dimensions < 1) {
            throw new IllegalArgumentException(file + " has " + array.columns() + " column(s); expected a 2-D array"
                    + " of label, block id and at least one point column");
        }
        if (choice.explicit() && choice.pointColumns().size() != dimensions) {
            throw new IllegalArgumentException(file + " has " + dimensions + " point column(s) but --columns names "
                    + choice.pointColumns().size());
        }
        List<String> names = choice.explicit() ? choice.pointColumns()
                : PointSchema.defaultFor(dimensions, ColumnType.INT64).names();
        List<ArrayColumns.Column> points = new ArrayList<>();
        for (int d = 0; d < dimensions; d++) {
            points.add(new ArrayColumns.Column(array, d + 2));
        }
        return new ArrayColumns(file.toString(), names, new ArrayColumns.Column(array, 0),
                new ArrayColumns.Column(array, 1), points);
    }
}
