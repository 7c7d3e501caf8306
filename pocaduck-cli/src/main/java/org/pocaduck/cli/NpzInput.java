package org.pocaduck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.pocaduck.ColumnType;
import org.pocaduck.PointSchema;

/**
 * A NumPy {@code .npz} archive ({@code np.savez} or {@code np.savez_compressed}) of 1-D arrays {@code label} and
 * {@code block_id} (or as {@code --label-column} / {@code --block-column} say), and the points either as one N × D
 * array {@code points} — its columns named x, y, z, attr_3, ... or by {@code --columns} — or as one 1-D array per
 * column, chosen like the columns of a table.
 */
final class NpzInput {

    private static final String POINTS = "points";

    private NpzInput() {
    }

    /** Reads the file into memory as a point table. */
    static PointInput open(Path file, ColumnChoice choice) throws IOException {
        Map<String, NpyArray> arrays = readArrays(file);
        NpyArray label = require(arrays, file, choice.labelColumn(), "the label array (--label-column)");
        NpyArray block = require(arrays, file, choice.blockColumn(), "the block id array (--block-column)");
        List<ArrayColumns.Column> points = new ArrayList<>();
        List<String> names;
        NpyArray matrix = arrays.get(POINTS);
        if (matrix != null) {
            if (choice.explicit() && choice.pointColumns().size() != matrix.columns()) {
                throw new IllegalArgumentException(file + ": array 'points' has " + matrix.columns()
                        + " column(s) but --columns names " + choice.pointColumns().size());
            }
            for (int d = 0; d < matrix.columns(); d++) {
                points.add(new ArrayColumns.Column(matrix, d));
            }
            names = choice.explicit() ? choice.pointColumns()
                    : PointSchema.defaultFor(matrix.columns(), ColumnType.INT64).names();
        } else {
            List<String> oneDimensional = arrays.entrySet().stream()
                    .filter(entry -> entry.getValue().columns() == 1)
                    .map(Map.Entry::getKey)
                    .toList();
            names = choice.explicit() ? choice.pointColumns() : choice.defaultPointColumns(oneDimensional);
            for (String name : names) {
                NpyArray array = require(arrays, file, name, "a point column, or a 2-D array 'points'");
                if (array.columns() != 1) {
                    throw new IllegalArgumentException(file + ": array '" + name + "' has " + array.columns()
                            + " columns; expected a 1-D point column");
                }
                points.add(new ArrayColumns.Column(array, 0));
            }
        }
        return new ArrayColumns(file.toString(), names, new ArrayColumns.Column(label, 0),
                new ArrayColumns.Column(block, 0), points);
    }

    /** The archive's arrays by name (the entry name without ".npy"), in archive order. */
    private static Map<String, NpyArray> readArrays(Path file) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
                    continue;
                }
                String name = entry.getName().substring(0, entry.getName().length() - ".npy".length());
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(name, NpyArray.parse(ByteBuffer.wrap(in.readAllBytes()), file + ":" + name));
                }
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + " is not a readable .npz archive: " + e.getMessage(), e);
        }
        return arrays;
    }

    private static NpyArray require(Map<String, NpyArray> arrays, Path file, String name, String role) {
        NpyArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException(file + " has no array '" + name + "' (" + role + "); its arrays are "
                    + String.join(", ", arrays.keySet()));
        }
        return array;
    }
}
