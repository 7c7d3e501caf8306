package org.pocaduck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.pocaduck.internal.index.BoxFilter;
import org.pocaduck.internal.io.DistinctPoints;
import org.pocaduck.internal.io.PointCloudCache;
import org.pocaduck.internal.read.DatasetReader;
import org.pocaduck.internal.read.NativeDatasetReader;
import org.pocaduck.internal.store.DatasetFiles;
import org.pocaduck.internal.upstream.UpstreamDatasetReader;
import org.pocaduck.internal.upstream.UpstreamLayout;

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
 *
 * <p>A dataset written by the Python PoCADuck is read as it is, read-only, from wherever it was copied to (see
 * {@link #format()}): its points have int64 columns {@code x, y, z, attr_3, ...}. Where the Python library prefers
 * its optimized layout, so does this; then there are no block ids. Counts are the points the files hold: an index
 * row repeated by running the Python consolidation more than once is counted once (and named by {@link #verify()}).
 * {@link #getPoints} returns the stored points; {@link QueryOptions#withDeduplication} gives the Python library's
 * deduplicated, sorted answer. Convert such a dataset with {@link PythonDatasetImport}.
 */
public final class Query implements AutoCloseable {
    private final DatasetReader reader;
    private final PointCloudCache cache;
    private final boolean deduplicate;
    private volatile boolean closed;

    private Query(DatasetReader reader, QueryOptions options) {
        this.reader = reader;
        this.cache = new PointCloudCache(options.cacheBytes());
        this.deduplicate = options.deduplicate();
    }

    public static Query open(StorageConfig config) {
        return open(config, QueryOptions.defaults());
    }

    /**
     * Opens the dataset at {@code config} for reading: one of this library's, or one written by the Python
     * PoCADuck (which is never modified).
     *
     * @throws DatasetNotFoundException if there is no dataset there, or it has never been consolidated
     */
    public static Query open(StorageConfig config, QueryOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        if (config.isLocal() && !NativeDatasetReader.isAt(config.base())) {
            // Python datasets are read from directories only: in an object store only this library's format is read.
            Path base = config.base();
            return UpstreamLayout.detect(base)
                    .map(layout -> new Query(UpstreamDatasetReader.open(layout, layout.preferredForQuery()), options))
                    .orElseThrow(() -> new DatasetNotFoundException("no PoCADuck dataset at " + base + " (no "
                            + "pocaduck.json, and none of the Python PoCADuck's " + UpstreamLayout.MARKERS + ")"));
        }
        try {
            return new Query(NativeDatasetReader.open(DatasetFiles.open(config)), options);
        } catch (IOException e) {
            throw new PocaduckIOException("cannot open " + config.location() + ": " + e.getMessage(), e);
        }
    }

    /** Which library wrote the dataset, and which of its layouts is read. */
    public DatasetFormat format() {
        return reader.format();
    }

    /** The dataset's point schema. */
    public PointSchema schema() {
        return reader.schema();
    }

    /** The consolidated index generation this Query reads (0 for a dataset written by the Python library). */
    public long generation() {
        return reader.generation();
    }

    /** Every label in the dataset, sorted as unsigned 64-bit integers. */
    public long[] getLabels() {
        ensureOpen();
        return reader.labels();
    }

    /**
     * Every label in the dataset, sorted as unsigned 64-bit integers, read from the label index as the stream is
     * consumed: a dataset of any number of labels is listed with a bounded heap. Consume it while this query is open.
     */
    public LongStream streamLabels() {
        ensureOpen();
        return reader.labelStream();
    }

    /** The label's number of points across all blocks, duplicates included (0 for a label never written). */
    public long getPointCount(long label) {
        ensureOpen();
        return reader.pointCount(label);
    }

    /** The distinct block ids holding points of the label, in string order (empty for a label never written). */
    public List<String> getBlocksForLabel(long label) {
        ensureOpen();
        return reader.blocks(label);
    }

    /**
     * All points of the label, aggregated across blocks and workers: files in consolidation order (worker id, then
     * part), within a file by block id and then write order; on an optimized dataset, by block id, then worker id and
     * write order. Duplicate points are kept as written (unless the dataset was optimized with deduplication), unless
     * the options ask for {@linkplain QueryOptions#withDeduplication deduplication}. For a dataset written by the
     * Python library: files by worker directory and file number, rows in file order.
     */
    public PointCloud getPoints(long label) {
        return getPoints(new long[] {label}).get(label);
    }

    /**
     * The points of the label that lie in the given blocks, ordered by block id, then worker id and write order
     * (for a dataset written by the Python library: in file order). Block ids the label has no points in contribute
     * nothing. Reads only those blocks' row ranges, on an ingested and on an optimized dataset alike.
     */
    public PointCloud getPoints(long label, Collection<String> blockIds) {
        ensureOpen();
        PointCloud points = reader.points(label, Set.copyOf(Objects.requireNonNull(blockIds, "blockIds")));
        return deduplicate ? DistinctPoints.of(points) : points;
    }

    /**
     * The points of many labels in one pass: each part file is opened once and read in row order.
     * The map iterates in the order of {@code labels} (duplicates collapsed); missing labels map to empty clouds.
     */
    public Map<Long, PointCloud> getPoints(long[] labels) {
        ensureOpen();
        return cachedOrRead(Objects.requireNonNull(labels, "labels"), cached -> cached, reader::points, true);
    }

    /**
     * Exactly the label's points inside the box (see {@link Box} for what inside means), in the order
     * {@link #getPoints(long)} returns them. Only the chunks whose recorded bounds meet the box are read (nothing when
     * the label's whole answer is in the point cache); for a dataset written by the Python library, which records no
     * bounds, all the label's points are read and filtered.
     *
     * @throws IllegalArgumentException if the box has more dimensions than the points have columns, or names a column
     *                                  they do not have
     */
    public PointCloud getPoints(long label, Box box) {
        return getPoints(new long[] {label}, box).get(label);
    }

    /**
     * The points inside the box of many labels in one pass (each part file opened once), as {@link #getPoints(long,
     * Box)} answers for each. The map iterates in the order of {@code labels} (duplicates collapsed); a label without
     * points in the box maps to an empty cloud.
     */
    public Map<Long, PointCloud> getPoints(long[] labels, Box box) {
        ensureOpen();
        Objects.requireNonNull(labels, "labels");
        BoxFilter filter = BoxFilter.bind(Objects.requireNonNull(box, "box"), reader.schema());
        // A label whose whole answer is cached is filtered in memory (the cache holds deduplicated answers when
        // deduplicating, and a subset of distinct points is distinct).
        return cachedOrRead(labels, filter::filter, missing -> reader.points(missing, filter), false);
    }

    /**
     * Each distinct label's answer in the order of {@code labels}: made from its cached whole answer by
     * {@code fromCached}, or else read with the others in one call of {@code read} (and deduplicated if asked). Only
     * whole answers are cached ({@code cacheAnswers}).
     */
    private Map<Long, PointCloud> cachedOrRead(long[] labels, UnaryOperator<PointCloud> fromCached,
            Function<long[], Map<Long, PointCloud>> read, boolean cacheAnswers) {
        Map<Long, PointCloud> result = new LinkedHashMap<>();
        long[] missing = new long[labels.length];
        int missingCount = 0;
        for (long label : labels) {
            if (!result.containsKey(label)) {
                PointCloud cached = cache.get(label);
                result.put(label, cached == null ? null : fromCached.apply(cached));
                if (cached == null) {
                    missing[missingCount++] = label;
                }
            }
        }
        if (missingCount > 0) {
            read.apply(Arrays.copyOf(missing, missingCount)).forEach((label, points) -> {
                PointCloud answer = deduplicate ? DistinctPoints.of(points) : points;
                result.put(label, answer);
                if (cacheAnswers) {
                    cache.put(label, answer);
                }
            });
        }
        return result;
    }

    /**
     * Every label with at least one point inside the box, in unsigned order: exact. The index rules out the labels
     * whose recorded bounds miss the box and confirms those whose bounds in a block prove a point inside it; the
     * points of the others near the box are read. For a dataset written by the Python library every point is read.
     */
    public long[] getLabels(Box box) {
        ensureOpen();
        return reader.labels(BoxFilter.bind(Objects.requireNonNull(box, "box"), reader.schema()), true);
    }

    /**
     * The labels whose recorded bounds meet the box, in unsigned order, from the index alone: every label with a point
     * inside, and possibly labels that pass near the box without a point in it (over-reporting, never missing one).
     * Much cheaper than {@link #getLabels(Box)} where many labels only graze the box. A dataset written by the Python
     * library records no bounds: every label is returned.
     */
    public long[] getLabelsPossiblyInBox(Box box) {
        ensureOpen();
        return reader.labels(BoxFilter.bind(Objects.requireNonNull(box, "box"), reader.schema()), false);
    }

    /** The labels with points in the block, in unsigned order, from the index alone (empty for an unknown block). */
    public long[] getLabelsInBlock(String blockId) {
        ensureOpen();
        return reader.labelsInBlock(Objects.requireNonNull(blockId, "blockId"));
    }

    /** Labels, points, blocks, files and bytes of the generation this Query reads, from its index alone. */
    public DatasetStatistics statistics() {
        ensureOpen();
        return reader.statistics();
    }

    /**
     * Checks the dataset against its files, reading all of them: the DuckDB and label indexes of the generation (every
     * block, page and node, each against its checksum), its list of live files, and every part file (every column
     * chunk against the checksum the index recorded for it, every page of every point column decoded, every row
     * holding the label whose range it is in, and the labels' row ranges covering each file exactly). For a dataset
     * written by the Python library: every file the index names exists, every (label, file) holds as many rows as the
     * index says, and no index row is repeated (the mark of a consolidation run more than once).
     *
     * @return one line per problem, each naming the damaged file; empty when the dataset is consistent
     */
    public List<String> verify() {
        ensureOpen();
        return reader.verify(true);
    }

    /**
     * What {@link #verify()} checks except the data of the part files: the indexes and list of live files whole, and
     * of each part file its size, row count and footer (against the checksum the index recorded). It reads a small
     * fraction of the dataset.
     *
     * @return one line per problem, each naming the damaged file; empty when none was found
     */
    public List<String> verifyMetadata() {
        ensureOpen();
        return reader.verify(false);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this " + this + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reader.close();
    }

    @Override
    public String toString() {
        return "Query[" + reader.describe() + "]";
    }
}
