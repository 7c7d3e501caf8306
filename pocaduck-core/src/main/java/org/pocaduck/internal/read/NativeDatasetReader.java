package org.pocaduck.internal.read;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.pocaduck.DatasetFormat;
import org.pocaduck.DatasetNotFoundException;
import org.pocaduck.DatasetStatistics;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.index.BoxFilter;
import org.pocaduck.internal.index.GenerationIndex;
import org.pocaduck.internal.index.LabelIndex;
import org.pocaduck.internal.index.LabelRanges;
import org.pocaduck.internal.index.LabelSets;
import org.pocaduck.internal.index.PageParts;
import org.pocaduck.internal.io.DatasetVerifier;
import org.pocaduck.internal.io.PointReader;
import org.pocaduck.internal.store.DatasetFiles;

/**
 * Reads a consolidated generation of this library's layout through the {@link LabelIndex} of each of its segments
 * ({@link GenerationIndex}), by byte ranges: opening reads the manifest and each label index's tail, a label's count,
 * blocks and point locations come from the label page that holds it in each segment, and its points from the row
 * groups those pages locate. The segments' DuckDB indexes are opened only to verify; in an object store they are
 * downloaded then.
 */
public final class NativeDatasetReader implements DatasetReader {
    /** Heap for cached label pages. */
    private static final long PAGE_CACHE_BYTES = 64L << 20;
    /** Labels whose points in a box are read at once while checking which of them have any. */
    private static final int CHECK_BATCH = 1024;

    private final DatasetFiles files;
    private final PointSchema schema;
    private final Manifest manifest;
    private final GenerationIndex index;
    private final PointReader reader;

    private NativeDatasetReader(DatasetFiles files, Manifest manifest, GenerationIndex index) {
        this.files = files;
        this.schema = manifest.schema();
        this.manifest = manifest;
        this.index = index;
        this.reader = new PointReader(schema);
    }

    /** Whether {@code base} holds this library's manifest. */
    public static boolean isAt(Path base) {
        return Files.isRegularFile(base.resolve(DatasetLayout.MANIFEST));
    }

    /**
     * Opens the generation current now of the dataset whose files are {@code files}, which it closes when it is
     * closed (also when opening fails).
     *
     * @throws DatasetNotFoundException if there is no manifest, or no consolidated generation
     */
    public static NativeDatasetReader open(DatasetFiles files) {
        try {
            Manifest manifest = Manifest.read(files).orElseThrow(() -> new DatasetNotFoundException(
                    "no PoCADuck dataset at " + files.location() + " (no " + DatasetLayout.MANIFEST + ")"));
            if (manifest.indexFile() == null) {
                throw new DatasetNotFoundException("dataset " + files.location() + " has never been consolidated;"
                        + " run Ingestor.consolidateIndexes after the workers have finished");
            }
            return new NativeDatasetReader(files, manifest, GenerationIndex.open(files, manifest, PAGE_CACHE_BYTES));
        } catch (IOException e) {
            closeQuietly(files);
            throw new PocaduckIOException("cannot open the index of " + files.location() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(files);
            throw e;
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // The open already failed; that failure is the one to report.
        }
    }

    @Override
    public DatasetFormat format() {
        return DatasetFormat.POCADUCK;
    }

    @Override
    public PointSchema schema() {
        return schema;
    }

    @Override
    public long generation() {
        return manifest.generation();
    }

    @Override
    public long[] labels() {
        return index.labels();
    }

    @Override
    public LongStream labelStream() {
        return index.labelStream();
    }

    @Override
    public long pointCount(long label) {
        return index.pointCount(label);
    }

    @Override
    public List<String> blocks(long label) {
        return index.blocks(label);
    }

    @Override
    public Map<Long, PointCloud> points(long[] labels) {
        PageParts parts = new PageParts(files);
        Map<Long, LabelRanges> ranges = new LinkedHashMap<>();
        for (long label : labels) {
            ranges.put(label, parts.ranges(index.find(label)));
        }
        return reader.readAll(ranges, parts);
    }

    /** The chunks of the label in those blocks, in block id order, then file and row, read as one cloud. */
    @Override
    public PointCloud points(long label, Set<String> blockIds) {
        PageParts parts = new PageParts(files);
        return reader.read(parts.rangesInBlocks(index.find(label), blockIds), parts);
    }

    /** Reads only the chunks whose bounds meet the box, then keeps the points inside it. */
    @Override
    public Map<Long, PointCloud> points(long[] labels, BoxFilter box) {
        PageParts parts = new PageParts(files);
        Map<Long, LabelRanges> ranges = new LinkedHashMap<>();
        for (long label : labels) {
            ranges.put(label, parts.rangesInBox(index.find(label), box));
        }
        Map<Long, PointCloud> inside = new LinkedHashMap<>();
        reader.readAll(ranges, parts).forEach((label, points) -> inside.put(label, box.filter(points)));
        return inside;
    }

    /**
     * The candidates of the block directory; for the exact answer, a candidate whose bounds prove no point inside the
     * box is kept only if a point of its chunks that meet the box is inside it (read in batches, one pass each).
     */
    @Override
    public long[] labels(BoxFilter box, boolean exact) {
        Map<Long, Boolean> candidates = index.candidates(box);
        if (!exact) {
            return LabelSets.sortedUnsigned(candidates.keySet());
        }
        List<Long> found = new ArrayList<>();
        List<Long> unsure = new ArrayList<>();
        candidates.forEach((label, surelyInside) -> (surelyInside ? found : unsure).add(label));
        for (int from = 0; from < unsure.size(); from += CHECK_BATCH) {
            long[] batch = unsure.subList(from, Math.min(unsure.size(), from + CHECK_BATCH)).stream()
                    .mapToLong(Long::longValue).toArray();
            points(batch, box).forEach((label, points) -> {
                if (!points.isEmpty()) {
                    found.add(label);
                }
            });
        }
        return LabelSets.sortedUnsigned(found);
    }

    @Override
    public long[] labelsInBlock(String blockId) {
        return index.labelsInBlock(blockId);
    }

    @Override
    public DatasetStatistics statistics() {
        LabelIndex.Totals totals = index.totals();
        Set<Long> segments = new HashSet<>();
        manifest.segments().forEach(segment -> segments.add(segment.generation()));
        long indexBytes = 0;
        TreeSet<Long> generations = new TreeSet<>();
        try {
            for (String key : files.list(DatasetLayout.INDEX + "/")) {
                String name = key.substring(key.lastIndexOf('/') + 1);
                long listed = DatasetLayout.indexGeneration(name);
                generations.add(listed);
                if (segments.contains(listed)) {
                    indexBytes += files.size(key).orElse(0);
                }
            }
        } catch (IOException e) {
            throw new PocaduckIOException("cannot list the index files of " + files.location() + ": "
                    + e.getMessage(), e);
        }
        generations.remove(-1L);
        return new DatasetStatistics(manifest.formatVersion(), manifest.generation(), List.copyOf(generations),
                totals.labels(), totals.points(), totals.blocks(), totals.files(), totals.optimizedFiles(),
                manifest.optimizedRun(), totals.partBytes(), indexBytes);
    }

    @Override
    public List<String> verify(boolean readData) {
        return new DatasetVerifier(files, manifest, index.segments(), readData).verify();
    }

    @Override
    public String describe() {
        return files.location() + ", generation " + manifest.generation();
    }

    @Override
    public void close() {
        try {
            closeQuietly(index);
        } finally {
            closeQuietly(files);
        }
    }
}
