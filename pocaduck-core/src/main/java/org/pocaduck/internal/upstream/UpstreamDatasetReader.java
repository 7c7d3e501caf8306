package org.pocaduck.internal.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.pocaduck.ColumnType;
import org.pocaduck.DatasetFormat;
import org.pocaduck.DatasetStatistics;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.index.BoxFilter;
import org.pocaduck.internal.index.LabelSets;
import org.pocaduck.internal.read.DatasetReader;

/**
 * Reads a dataset written by the Python PoCADuck, read-only, through one of its indexes: the blockwise
 * {@code unified_index.db} or the optimized {@code optimized/optimized_index.db}.
 *
 * <p>Answers, and where they differ from the Python library's on purpose:
 * <ul>
 * <li>labels: every label of the index, in unsigned order (Python: in no particular order);
 * <li>counts: the sum of the label's index rows, each row counted as often as it was written — not as often as a
 *     repeated consolidation copied it (Python sums every copy);
 * <li>blocks: the label's distinct block ids in string order; none in the optimized layout (as Python);
 * <li>points: every row of the label in the files its index rows name, files in worker-directory and file-number
 *     order, rows in file order — duplicates included (Python's blockwise read returns them deduplicated and
 *     sorted: ask {@code QueryOptions.withDeduplication(true)} for that).
 * </ul>
 * Points have D int64 columns named {@code x, y, z, attr_3, ...}, D taken from the first file.
 */
public final class UpstreamDatasetReader implements DatasetReader {
    private static final int DEFAULT_DIMENSIONS = 3;

    private final UpstreamIndex index;
    private final PointSchema schema;
    private final PayloadReader payload;

    private UpstreamDatasetReader(UpstreamIndex index, int dimensions) {
        this.index = index;
        this.schema = PointSchema.defaultFor(dimensions, ColumnType.INT64);
        this.payload = new PayloadReader(index.layout(), dimensions, index.format() == DatasetFormat.PYTHON);
    }

    /** Opens the layout {@code format} ({@link DatasetFormat#PYTHON} or {@link DatasetFormat#PYTHON_OPTIMIZED}). */
    public static UpstreamDatasetReader open(UpstreamLayout layout, DatasetFormat format) {
        UpstreamIndex index = UpstreamIndex.open(layout, format);
        try {
            return new UpstreamDatasetReader(index, dimensionsOf(index));
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /** D of the first file that exists and has a row; missing files are left for reads and verify to name. */
    private static int dimensionsOf(UpstreamIndex index) {
        for (String stored : index.files()) {
            Path file = index.layout().resolve(stored);
            if (Files.isRegularFile(file)) {
                int dimensions = index.connections().run("reading the point width of " + file,
                        duck -> PayloadReader.dimensionsOf(duck, file));
                if (dimensions > 0) {
                    return dimensions;
                }
            }
        }
        return DEFAULT_DIMENSIONS;
    }

    @Override
    public DatasetFormat format() {
        return index.format();
    }

    @Override
    public PointSchema schema() {
        return schema;
    }

    @Override
    public long generation() {
        return 0;
    }

    @Override
    public long[] labels() {
        return index.labels();
    }

    /** The labels at once: a dataset of the Python library keeps its whole index in one DuckDB table anyway. */
    @Override
    public LongStream labelStream() {
        return LongStream.of(labels());
    }

    /** Every label with its count, in unsigned label order: one pass over the index. */
    UpstreamIndex.LabelCounts labelCounts() {
        return index.labelCounts();
    }

    @Override
    public long pointCount(long label) {
        return index.pointCount(label);
    }

    @Override
    public List<String> blocks(long label) {
        return index.blocks(label);
    }

    /** The files the index names that do not exist under the base, as re-rooted paths. */
    List<Path> missingFiles() {
        return index.files().stream().map(index.layout()::resolve).filter(file -> !Files.isRegularFile(file))
                .toList();
    }

    /**
     * Feeds every stored point of the labels to {@code sink}: file by file (each read once, all in one scan), rows in
     * file order.
     */
    void read(long[] labels, PayloadReader.RowSink sink) {
        Map<String, long[]> files = index.filesOf(labels);
        index.connections().run("reading the points of " + labels.length + " labels from " + files.size()
                + " files", duck -> {
                    payload.read(duck, files, sink);
                    return null;
                });
    }

    /** Every file the index names (stored paths) in file order, with the points the index gives it. */
    Map<String, Long> filePoints() {
        return index.filePoints();
    }

    /**
     * Feeds every stored point of the files (stored paths) to {@code sink} — of the labels the index lists for each
     * file — files in file order, rows in file order, in one scan.
     */
    void readFiles(List<String> storedPaths, PayloadReader.RowSink sink) {
        Map<String, long[]> labelsByFile = index.labelsIn(storedPaths);
        index.connections().run("reading " + storedPaths.size() + " files", duck -> {
            payload.read(duck, labelsByFile, sink);
            return null;
        });
    }

    @Override
    public Map<Long, PointCloud> points(long[] labels) {
        Map<Long, GrowingColumns> collected = new LinkedHashMap<>();
        for (long label : labels) {
            collected.put(label, new GrowingColumns(schema.dimensions()));
        }
        read(labels, (label, blockId, point) -> collected.get(label).add(point));
        Map<Long, PointCloud> clouds = new LinkedHashMap<>();
        collected.forEach((label, columns) -> clouds.put(label, columns.toCloud(schema)));
        return clouds;
    }

    /** The label's stored points whose rows name one of the blocks, in file order; none on the optimized layout. */
    @Override
    public PointCloud points(long label, Set<String> blockIds) {
        GrowingColumns collected = new GrowingColumns(schema.dimensions());
        read(new long[] {label}, (rowLabel, blockId, point) -> {
            if (blockId != null && blockIds.contains(blockId)) {
                collected.add(point);
            }
        });
        return collected.toCloud(schema);
    }

    /** The stored points in the box; the Python library records no bounds, so every point of the labels is read. */
    @Override
    public Map<Long, PointCloud> points(long[] labels, BoxFilter box) {
        Map<Long, PointCloud> inside = new LinkedHashMap<>();
        points(labels).forEach((label, points) -> inside.put(label, box.filter(points)));
        return inside;
    }

    /**
     * Without bounds in the index, the labels it cannot rule out are all of them; the exact answer reads every file
     * once.
     */
    @Override
    public long[] labels(BoxFilter box, boolean exact) {
        if (!exact) {
            return labels();
        }
        Set<Long> found = new HashSet<>();
        readFiles(index.files(), (label, blockId, point) -> {
            if (box.contains(point)) {
                found.add(label);
            }
        });
        return LabelSets.sortedUnsigned(found);
    }

    @Override
    public long[] labelsInBlock(String blockId) {
        return index.labelsInBlock(blockId);
    }

    @Override
    public DatasetStatistics statistics() {
        UpstreamIndex.Totals totals = index.totals();
        long bytes = 0;
        for (String stored : index.files()) {
            Path file = index.layout().resolve(stored);
            try {
                bytes += Files.isRegularFile(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                throw new PocaduckIOException("cannot read the size of " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            return new DatasetStatistics(0, 0, List.of(), totals.labels(), totals.points(), totals.blocks(),
                    totals.files(), 0, null, bytes, Files.size(index.file()));
        } catch (IOException e) {
            throw new PocaduckIOException("cannot read the size of " + index.file() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> verify(boolean readData) {
        return new UpstreamVerifier(index).verify(readData);
    }

    @Override
    public String describe() {
        return index.layout().base().toUri() + ", Python PoCADuck, "
                + index.layout().base().relativize(index.file());
    }

    @Override
    public void close() {
        index.close();
    }
}
