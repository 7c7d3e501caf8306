package org.pocaduck.cli;

import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * NumPy arrays in memory seen as a table: a label column, a block id column and point columns, each a column of
 * some array. NumPy data comes in any order, so the rows are sorted by (block, label) before they become chunks.
 */
final class ArrayColumns implements PointInput {

    /** One column of an array. */
    record Column(NpyArray array, int index) {
    }

    private final String name;
    private final List<String> columnNames;
    private final Column label;
    private final Column block;
    private final List<Column> points;

    /** {@code name} says in messages which file the arrays came from; {@code columnNames} name the points. */
    ArrayColumns(String name, List<String> columnNames, Column label, Column block, List<Column> points) {
        this.name = name;
        this.columnNames = List.copyOf(columnNames);
        this.label = label;
        this.block = block;
        this.points = List.copyOf(points);
        for (Column column : points) {
            if (column.array().rows() != label.array().rows() || block.array().rows() != label.array().rows()) {
                throw new IllegalArgumentException(name + ": the label, block id and point arrays differ in length;"
                        + " expected one row per point in each");
            }
        }
    }

    @Override
    public List<String> columnNames() {
        return columnNames;
    }

    @Override
    public boolean floating() {
        return points.stream().anyMatch(column -> column.array().isFloating());
    }

    @Override
    public void read(Consumer<PointChunk> sink) {
        int size = label.array().rows();
        long[] labels = new long[size];
        String[] blocks = new String[size];
        for (int r = 0; r < size; r++) {
            labels[r] = label.array().getLabel(r, label.index(), name);
            blocks[r] = block.array().getBlockId(r, block.index(), name);
        }
        Comparator<Integer> byBlockThenLabel = Comparator.<Integer, String>comparing(r -> blocks[r])
                .thenComparing((a, b) -> Long.compareUnsigned(labels[a], labels[b]));
        boolean floating = floating();
        ChunkCollector chunks = new ChunkCollector(floating, sink);
        IntStream.range(0, size).boxed().sorted(byBlockThenLabel).forEachOrdered(r -> {
            if (floating) {
                double[] row = new double[points.size()];
                for (int d = 0; d < row.length; d++) {
                    row[d] = points.get(d).array().getDouble(r, points.get(d).index());
                }
                chunks.add(labels[r], blocks[r], row);
            } else {
                long[] row = new long[points.size()];
                for (int d = 0; d < row.length; d++) {
                    row[d] = points.get(d).array().getLong(r, points.get(d).index());
                }
                chunks.add(labels[r], blocks[r], row);
            }
        });
        chunks.finish();
    }
}
