package org.pocaduck;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.duckdb.DuckDBConnection;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.index.DuckDb;
import org.pocaduck.internal.index.LabelChunks;
import org.pocaduck.internal.index.LabelDirectory;
import org.pocaduck.internal.index.LabelRanges;
import org.pocaduck.internal.io.DatasetVerifier;
import org.pocaduck.internal.io.PointCloudCache;
import org.pocaduck.internal.io.PointReader;

/**
 * Reads a consolidated dataset. Opens the index generation current at {@link #open} time and keeps that consistent
 * view until closed, even while a new consolidation is published. Thread-safe: share one Query between threads.
 *
 * <pre>{@code
 * try (Query query = Query.open(config)) {
 *     long[] labels = query.getLabels();             // unsigned order
 *     PointCloud points = query.getPoints(labels[0]); // aggregated across all blocks and workers
 * }
 * }</pre>
 *
 * Counts, label lists and block lists come from the index alone; {@link #getPoints} reads only the row ranges of
 * the label. A label that was never written has no blocks, a count of 0 and an empty point cloud.
 */
public final class Query implements AutoCloseable {
    private final DatasetLayout layout;
    private final PointSchema schema;
    private final long generation;
    private final String optimizedRun;
    private final Path indexFile;
    private final DatasetIndex index;
    private final LabelDirectory directory;
    private final PointReader reader;
    private final PointCloudCache cache;
    private volatile boolean closed;

    private Query(DatasetLayout layout, Manifest manifest, DatasetIndex index, LabelDirectory directory,
            QueryOptions options) {
        this.layout = layout;
        this.schema = manifest.schema();
        this.generation = manifest.generation();
        this.optimizedRun = manifest.optimizedRun();
        this.indexFile = layout.resolve(manifest.indexFile());
        this.index = index;
        this.directory = directory;
        this.reader = new PointReader(layout, index, schema);
        this.cache = new PointCloudCache(options.cacheBytes());
    }

    public static Query open(StorageConfig config) {
        return open(config, QueryOptions.defaults());
    }

    /**
     * Opens the dataset at {@code config} for reading.
     *
     * @throws DatasetNotFoundException if there is no dataset there, or it has never been consolidated
     */
    public static Query open(StorageConfig config, QueryOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        DatasetLayout layout = new DatasetLayout(config.base());
        Manifest manifest;
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            manifest = Manifest.read(layout, duck).orElseThrow(() -> new DatasetNotFoundException(
                    "no PoCADuck dataset at " + layout.base() + " (no " + DatasetLayout.MANIFEST + ")"));
        } catch (IOException e) {
            throw new PocaduckIOException("cannot read the manifest of " + layout.base() + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw DuckDb.failure("reading the manifest of " + layout.base(), e);
        }
        if (manifest.indexFile() == null) {
            throw new DatasetNotFoundException("dataset " + layout.base() + " has never been consolidated; run"
                    + " Ingestor.consolidateIndexes after the workers have finished");
        }
        Path indexFile = layout.resolve(manifest.indexFile());
        LabelDirectory directory;
        try {
            directory = LabelDirectory.open(LabelDirectory.pathFor(indexFile));
        } catch (IOException e) {
            throw new PocaduckIOException("cannot open the label directory of " + indexFile + ": " + e.getMessage(), e);
        }
        return new Query(layout, manifest, DatasetIndex.open(indexFile), directory, options);
    }

    /** The dataset's point schema. */
    public PointSchema schema() {
        return schema;
    }

    /** The consolidated index generation this Query reads. */
    public long generation() {
        return generation;
    }

    /** Every label in the dataset, sorted as unsigned 64-bit integers. */
    public long[] getLabels() {
        ensureOpen();
        return directory.labels();
    }

    /** The label's number of points across all blocks (0 for a label never written). */
    public long getPointCount(long label) {
        ensureOpen();
        return directory.pointCount(label);
    }

    /** The distinct block ids holding points of the label, in string order (empty for a label never written). */
    public List<String> getBlocksForLabel(long label) {
        ensureOpen();
        return index.blocks(label);
    }

    /**
     * All points of the label, aggregated across blocks and workers: files in consolidation order (worker id, then
     * part), within a file by block id and then write order; on an optimized dataset, by block id, then worker id and
     * write order. Duplicate points are kept as written (unless the dataset was optimized with deduplication).
     */
    public PointCloud getPoints(long label) {
        ensureOpen();
        PointCloud cached = cache.get(label);
        if (cached != null) {
            return cached;
        }
        LabelRanges ranges = directory.ranges(label);
        PointCloud points = ranges.files() == 0 ? PointCloud.empty(schema) : reader.read(ranges);
        cache.put(label, points);
        return points;
    }

    /**
     * The points of the label that lie in the given blocks, ordered by block id, then worker id and write order.
     * Block ids the label has no points in contribute nothing. Reads only those blocks' row ranges, on an ingested
     * and on an optimized dataset alike.
     */
    public PointCloud getPoints(long label, Collection<String> blockIds) {
        ensureOpen();
        Set<String> wanted = Set.copyOf(Objects.requireNonNull(blockIds, "blockIds"));
        LabelChunks chunks = index.chunks(label, label);
        int selected = 0;
        int[] fileIds = new int[chunks.size()];
        long[] rowStarts = new long[chunks.size()];
        int[] rowCounts = new int[chunks.size()];
        for (int c = 0; c < chunks.size(); c++) {
            if (wanted.contains(chunks.blockIds().get(chunks.block(c)))) {
                fileIds[selected] = chunks.fileId(c);
                rowStarts[selected] = chunks.rowStart(c);
                rowCounts[selected] = chunks.count(c);
                selected++;
            }
        }
        if (selected == 0) {
            return PointCloud.empty(schema);
        }
        return reader.read(new LabelRanges(Arrays.copyOf(fileIds, selected), Arrays.copyOf(rowStarts, selected),
                Arrays.copyOf(rowCounts, selected)));
    }

    /**
     * The points of many labels in one pass: each part file is opened once and read in row order.
     * The map iterates in the order of {@code labels} (duplicates collapsed); missing labels map to empty clouds.
     */
    public Map<Long, PointCloud> getPoints(long[] labels) {
        ensureOpen();
        Objects.requireNonNull(labels, "labels");
        Map<Long, PointCloud> result = new LinkedHashMap<>();
        long[] missing = new long[labels.length];
        int missingCount = 0;
        for (long label : labels) {
            if (!result.containsKey(label)) {
                PointCloud cached = cache.get(label);
                result.put(label, cached);
                if (cached == null) {
                    missing[missingCount++] = label;
                }
            }
        }
        if (missingCount > 0) {
            Map<Long, LabelRanges> ranges = new LinkedHashMap<>();
            for (int i = 0; i < missingCount; i++) {
                ranges.put(missing[i], directory.ranges(missing[i]));
            }
            reader.readAll(ranges).forEach((label, points) -> {
                result.put(label, points);
                cache.put(label, points);
            });
        }
        return result;
    }

    /** Labels, points, blocks, files and bytes of the generation this Query reads, from its index alone. */
    public DatasetStatistics statistics() {
        ensureOpen();
        long partBytes = index.files().stream().mapToLong(DatasetIndex.IndexedFile::bytes).sum();
        long optimizedFiles = optimizedRun == null ? 0
                : index.files().stream().filter(file -> file.path().startsWith(optimizedRun + "/")).count();
        long indexBytes;
        TreeSet<Long> generations = new TreeSet<>();
        try {
            indexBytes = Files.size(indexFile) + Files.size(LabelDirectory.pathFor(indexFile));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(indexFile.getParent())) {
                for (Path file : files) {
                    generations.add(DatasetLayout.indexGeneration(file.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new PocaduckIOException("cannot read the size of index " + indexFile + ": " + e.getMessage(), e);
        }
        generations.remove(-1L);
        return new DatasetStatistics(Manifest.FORMAT_VERSION, generation, List.copyOf(generations),
                directory.labelCount(), directory.pointCount(), index.blockCount(), index.files().size(),
                optimizedFiles, optimizedRun, partBytes, indexBytes);
    }

    /**
     * Checks the dataset against its files: every indexed part file exists with the size and row count the index
     * recorded, the labels' row ranges cover each file exactly, and every row holds the label whose range it is in.
     * Reads every part file's label column once.
     *
     * @return one line per problem, empty when the dataset is consistent
     */
    public List<String> verify() {
        ensureOpen();
        return new DatasetVerifier(layout, index, directory).verify();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this Query of " + layout.base() + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        index.close();
    }

    @Override
    public String toString() {
        return "Query[" + layout.base().toUri() + ", generation " + generation + "]";
    }
}
