package org.pocaduck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.duckdb.DuckDBConnection;
import org.pocaduck.internal.format.AtomicFiles;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.ExclusiveLock;
import org.pocaduck.internal.format.FailureReason;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.index.Consolidator;
import org.pocaduck.internal.index.DuckDb;
import org.pocaduck.internal.index.WorkerIndex;
import org.pocaduck.internal.io.FileSlice;
import org.pocaduck.internal.io.InputRows;
import org.pocaduck.internal.io.PartWriter;
import org.pocaduck.internal.io.PointBuffer;
import org.pocaduck.internal.parquet.ParquetFile;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * Writes the points of one worker into a dataset. Use one per worker (thread, process or machine), each with its own
 * worker id; then {@link #consolidateIndexes} once the workers are done.
 *
 * <pre>{@code
 * try (Ingestor ingestor = Ingestor.open(config, "worker-1")) {
 *     ingestor.write(label, "block_1_2_3", points);   // N×D
 * }                                                  // close() flushes, like Python's finalize()
 * Ingestor.consolidateIndexes(config);
 * }</pre>
 *
 * <p>Points are buffered and written as Parquet part files of at most {@link IngestorOptions#maxPointsPerFile()}
 * points, sorted by label. When {@link #flush()} or {@link #close()} returns, everything written so far survives a
 * crash of the process; a part file becomes visible only once complete. Reopening a worker id after a crash keeps
 * everything flushed and continues. While an Ingestor is open no other Ingestor, in any process, can open the same
 * worker id on the same dataset.
 *
 * <p>Not thread-safe: give each thread its own Ingestor and worker id.
 */
public final class Ingestor implements AutoCloseable {
    private final DatasetWorkspace workspace;
    private final DatasetLayout layout;
    private final String workerId;
    private final IngestorOptions options;
    private final ExclusiveLock lock;
    private final DuckDBConnection duck;
    private final PartWriter partWriter;

    private PointBuffer buffer;
    private WorkerIndex index;
    private int lastPart;
    /** The worker index holds a flush the dataset has not received yet (its upload failed). */
    private boolean indexUnpublished;
    /**
     * Set when another Ingestor of the same worker id (in another process, on an object store, where no lock keeps
     * it out) published a part first: publishing anything more could replace that Ingestor's index.
     */
    private String conflict;
    private boolean closed;

    private Ingestor(DatasetWorkspace workspace, String workerId, IngestorOptions options, ExclusiveLock lock,
            DuckDBConnection duck) {
        this.workspace = workspace;
        this.layout = workspace.layout();
        this.workerId = workerId;
        this.options = options;
        this.lock = lock;
        this.duck = duck;
        this.partWriter = new PartWriter(duck, options.rowGroupSize());
    }

    /** Opens worker {@code workerId} of the dataset with default options. */
    public static Ingestor open(StorageConfig config, String workerId) {
        return open(config, workerId, IngestorOptions.defaults());
    }

    /**
     * Opens worker {@code workerId} of the dataset at {@code config}, creating the dataset if needed.
     *
     * @throws WorkerInUseException if another live Ingestor holds this worker id
     * @throws IllegalArgumentException if the worker id is not a safe file name, or the options declare a schema
     *     that differs from the existing dataset's
     */
    public static Ingestor open(StorageConfig config, String workerId, IngestorOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        DatasetLayout.validateWorkerId(workerId);
        DatasetWorkspace workspace = DatasetWorkspace.open(config, "open worker '" + workerId + "'");
        DatasetLayout layout = workspace.layout();
        ExclusiveLock lock;
        try {
            Files.createDirectories(layout.workerDirectory(workerId));
            lock = ExclusiveLock.tryAcquire(layout.workerLock(workerId)).orElseThrow(() -> new WorkerInUseException(
                    "worker '" + workerId + "' of dataset " + layout.location() + " is already open in a live"
                            + " Ingestor; each concurrent worker needs its own worker id"));
            AtomicFiles.removeLeftovers(layout.workerDirectory(workerId));
        } catch (IOException | RuntimeException e) {
            closeQuietly(null, null, workspace);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new PocaduckIOException("cannot open worker '" + workerId + "' in " + layout.location() + ": " + e,
                    e);
        }
        DuckDBConnection duck = null;
        try {
            if (options.commitRequired()) {
                workspace.write(DatasetLayout.commitRequiredMarker(workerId), new byte[0]);
            }
            duck = DuckDb.openInMemory();
            // A validated int option, not user text; DuckDB does not bind SET values.
            DuckDb.execute(duck, "SET threads = " + options.writerThreads());
            Ingestor ingestor = new Ingestor(workspace, workerId, options, lock, duck);
            Optional<Manifest> manifest = Manifest.read(workspace);
            if (manifest.isPresent()) {
                ingestor.start(checkDeclaredSchema(manifest.get().schema(), options, layout));
            } else if (options.schema().isPresent()) {
                ingestor.start(checkDeclaredSchema(
                        Manifest.createOrRead(workspace, options.schema().get()).schema(), options, layout));
            }
            return ingestor;
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(duck, lock, workspace);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new PocaduckIOException("cannot open worker '" + workerId + "' in " + layout.location() + ": "
                    + FailureReason.of(e), e);
        }
    }

    private static PointSchema checkDeclaredSchema(PointSchema datasetSchema, IngestorOptions options,
            DatasetLayout layout) {
        options.schema().ifPresent(declared -> {
            if (!declared.equals(datasetSchema)) {
                throw new IllegalArgumentException("the options declare schema " + declared + " but dataset "
                        + layout.location() + " has schema " + datasetSchema);
            }
        });
        return datasetSchema;
    }

    private static void closeQuietly(DuckDBConnection duck, ExclusiveLock lock, DatasetWorkspace workspace) {
        try {
            if (duck != null) {
                duck.close();
            }
        } catch (SQLException ignored) {
            // Already failing; the original exception says why.
        }
        try {
            if (lock != null) {
                lock.close();
            }
        } catch (IOException ignored) {
            // The operating system releases the lock with the process anyway.
        }
        try {
            workspace.close();
        } catch (IOException ignored) {
            // Only a staging directory is left behind.
        }
    }

    /** Attaches the worker's index, removes what a crash left unpublished, and prepares the buffer. */
    private void start(PointSchema schema) throws IOException, SQLException {
        String indexKey = DatasetLayout.workerIndex(workerId);
        workspace.pull(indexKey);
        index = WorkerIndex.open(duck, workspace.local(indexKey), schema.dimensions());
        lastPart = Math.max(index.lastPart(), removeFilesNotIn(index.files()));
        buffer = new PointBuffer(schema);
    }

    /**
     * Deletes temporary files and part files the worker index does not name (written before a crash, never
     * committed); returns the highest part number seen, so that no name is ever reused.
     */
    private int removeFilesNotIn(Set<String> committed) throws IOException {
        int highest = 0;
        for (String key : workspace.list(DatasetLayout.WORKERS + "/" + workerId + "/")) {
            String name = DatasetWorkspace.fileName(key);
            int part = DatasetLayout.partNumber(name);
            highest = Math.max(highest, part);
            boolean orphanPart = part > 0 && !committed.contains(DatasetLayout.partFile(workerId, part));
            if (orphanPart || name.startsWith("part-") && name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                workspace.delete(key);
            }
        }
        return highest;
    }

    /** Buffers the points of {@code label} in block {@code blockId}: an N×D array, one row per point. */
    public void write(long label, String blockId, long[][] points) {
        write(label, blockId, InputRows.of(points));
    }

    /** As {@link #write(long, String, long[][])}, for int coordinates. */
    public void write(long label, String blockId, int[][] points) {
        write(label, blockId, InputRows.of(points));
    }

    /**
     * As {@link #write(long, String, long[][])}, for double coordinates. Into an integer schema only integral values
     * are accepted: a coordinate is never truncated silently.
     */
    public void write(long label, String blockId, double[][] points) {
        write(label, blockId, InputRows.of(points));
    }

    /** As {@link #write(long, String, double[][])}, for float coordinates. */
    public void write(long label, String blockId, float[][] points) {
        write(label, blockId, InputRows.of(points));
    }

    /** Buffers a point cloud; columns whose type matches the dataset's are copied in bulk. */
    public void write(long label, String blockId, PointCloud points) {
        InputRows.requirePoints(points);
        write(label, blockId, InputRows.ofColumns(points.schema(), points.columnsUnsafe(), points.size()));
    }

    /**
     * Buffers points that each carry their own label and block: row {@code i} of {@code points} belongs to label
     * {@code labels[i]} in block {@code blockIds[i]}. Rows need not be sorted; each run of consecutive rows with the
     * same label and block is stored like one {@link #write(long, String, PointCloud)}, so a table read from a file
     * costs one call per batch of rows instead of one per chunk. Every value is checked before any is buffered.
     */
    public synchronized void write(long[] labels, String[] blockIds, PointCloud points) {
        ensureOpen();
        InputRows.requirePoints(points);
        if (labels == null || blockIds == null || labels.length != points.size() || blockIds.length != points.size()) {
            throw new IllegalArgumentException("labels has " + (labels == null ? "no" : labels.length) + " values and"
                    + " blockIds " + (blockIds == null ? "no" : blockIds.length) + " but points has " + points.size()
                    + " rows; expected one label and one block id per point");
        }
        for (int row = 0; row < blockIds.length; row++) {
            if (row == 0 || blockIds[row] != blockIds[row - 1]) {
                requireBlockId(blockIds[row]);
            }
        }
        if (points.isEmpty()) {
            return;
        }
        InputRows rows = InputRows.ofColumns(points.schema(), points.columnsUnsafe(), points.size());
        if (buffer == null) {
            rows.checkShape(points.dimensions(), points.schema());
            establishSchema(points.schema());
        }
        buffer.appendRows(labels, blockIds, rows);
        writeFullFiles();
    }

    private static void requireBlockId(String blockId) {
        if (blockId == null || blockId.isBlank()) {
            throw new IllegalArgumentException("block id is " + (blockId == null ? "null" : "blank ('" + blockId
                    + "')") + "; expected a non-blank string naming the block");
        }
    }

    private synchronized void write(long label, String blockId, InputRows rows) {
        ensureOpen();
        requireBlockId(blockId);
        if (rows.count() == 0) {
            return;
        }
        if (buffer == null) {
            // Check the write against its own inferred schema first: a rejected write must not create the dataset.
            PointSchema inferred = rows.inferredSchema();
            rows.checkShape(inferred.dimensions(), inferred);
            establishSchema(inferred);
        }
        buffer.append(label, blockId, rows);
        writeFullFiles();
    }

    /**
     * Once the buffer holds a part file's worth, writes and commits the full files it makes and keeps the rest (the
     * highest labels) buffered for the next: writing the rest too would make a file of a few points at every such
     * flush, half of all part files.
     */
    private void writeFullFiles() {
        if (buffer.size() >= options.maxPointsPerFile()) {
            writeParts(false);
        }
    }

    /** The first write of a new dataset fixes its schema (unless another worker fixed it first). */
    private void establishSchema(PointSchema inferred) {
        try {
            start(Manifest.createOrRead(workspace, inferred).schema());
        } catch (IOException | SQLException e) {
            throw new PocaduckIOException("cannot create dataset " + layout.location() + ": " + FailureReason.of(e), e);
        }
    }

    /**
     * Writes every buffered point to part files and commits them to the worker's index. When this returns, the
     * points survive a crash of the process. In an object store the part files are uploaded first and the worker's
     * index after them, so a worker killed mid-upload leaves nothing a consolidation would see.
     */
    public synchronized void flush() {
        ensureOpen();
        writeParts(true);
    }

    /** Writes the buffered points, all of them or only the full files they make, and publishes the worker's index. */
    private void writeParts(boolean everything) {
        if (conflict != null) {
            throw new WorkerInUseException(conflict);
        }
        if (buffer != null && !buffer.isEmpty()) {
            List<FileSlice> files = buffer.planFiles(options.maxPointsPerFile());
            FileSlice kept = everything || files.get(files.size() - 1).points() == options.maxPointsPerFile() ? null
                    : files.remove(files.size() - 1);
            List<WorkerIndex.Part> parts = new ArrayList<>();
            try {
                for (FileSlice slice : files) {
                    int number = ++lastPart;
                    String file = DatasetLayout.partFile(workerId, number);
                    Path temp = AtomicFiles.tempFor(layout.resolve(file));
                    partWriter.write(slice, temp);
                    long bytes = Files.size(temp);
                    byte[] rowGroups = ParquetFile.layoutOf(temp);
                    if (!workspace.publishNew(temp, file)) {
                        conflict = "part file " + file + " of " + layout.location() + " was written by another"
                                + " Ingestor of worker '" + workerId + "', so this one stopped publishing (its"
                                + " unflushed points are not stored); each concurrent worker needs its own worker id";
                        throw new WorkerInUseException(conflict);
                    }
                    parts.add(new WorkerIndex.Part(number, file, slice.points(), bytes, rowGroups, slice.chunkRows()));
                }
                index.commit(parts);
            } catch (IOException | SQLException e) {
                throw new PocaduckIOException("flush of worker '" + workerId + "' in " + layout.location()
                        + " failed; the buffered points are kept and a later flush retries: " + FailureReason.of(e), e);
            }
            if (kept == null) {
                buffer.clear();
            } else {
                buffer.retainOnly(kept);
            }
            // A worker index in place is the dataset's own file: its commit published it.
            indexUnpublished = !workspace.inPlace();
        }
        if (indexUnpublished) {
            publishIndex();
        }
    }

    /** Sends the worker's index to the dataset; after a failure the next flush or close tries again. */
    private void publishIndex() {
        try {
            index.checkpoint();
            workspace.push(DatasetLayout.workerIndex(workerId));
            indexUnpublished = false;
        } catch (IOException | SQLException e) {
            throw new PocaduckIOException("flush of worker '" + workerId + "' in " + layout.location() + " wrote its"
                    + " part files but could not publish the worker's index; the next flush or close retries: "
                    + FailureReason.of(e), e);
        }
    }

    /** The worker id this Ingestor writes as. */
    public String workerId() {
        return workerId;
    }

    /** The dataset's schema, once known (declared, read from the dataset, or inferred from the first write). */
    public synchronized Optional<PointSchema> schema() {
        return Optional.ofNullable(buffer).map(PointBuffer::schema);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the Ingestor of worker '" + workerId + "' is closed");
        }
    }

    /** Flushes and releases the worker id (the Python library's {@code finalize()}). Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            try {
                if (index != null) {
                    index.close();
                }
                duck.close();
            } catch (SQLException e) {
                throw DuckDb.failure("closing the index of worker '" + workerId + "'", e);
            } finally {
                try {
                    lock.close();
                    workspace.close();
                } catch (IOException e) {
                    throw new PocaduckIOException("cannot release worker '" + workerId + "'", e);
                }
            }
        }
    }

    /**
     * Makes the points of a worker opened with {@link IngestorOptions#withCommitRequired()} part of the next
     * consolidation. Call it once the worker's Ingestor is closed, for the one attempt of a task the job accepted.
     *
     * @throws WorkerInUseException if the worker is still open
     * @throws IllegalArgumentException if the dataset has no worker of that id
     */
    public static void commitWorker(StorageConfig config, String workerId) {
        DatasetLayout.validateWorkerId(workerId);
        DatasetWorkspace.run(config, "commit worker '" + workerId + "'", workspace -> {
            DatasetLayout layout = workspace.layout();
            if (workspace.list(DatasetLayout.WORKERS + "/" + workerId + "/").isEmpty()) {
                throw new IllegalArgumentException("worker '" + workerId + "' does not exist in dataset "
                        + layout.location() + "; expected the id of a worker that was opened there");
            }
            Files.createDirectories(layout.workerDirectory(workerId));
            try (ExclusiveLock lock = ExclusiveLock.tryAcquire(layout.workerLock(workerId)).orElseThrow(() ->
                    new WorkerInUseException("worker '" + workerId + "' of dataset " + layout.location()
                            + " is still open; close its Ingestor before committing it"))) {
                workspace.write(DatasetLayout.committedMarker(workerId), new byte[0]);
            }
            return null;
        });
    }

    /**
     * Deletes everything a worker opened with {@link IngestorOptions#withCommitRequired()} wrote, if it was never
     * committed: the leftovers of a failed or killed attempt, which no consolidation includes. Returns whether the
     * worker had written anything. A worker whose points are part of the dataset is never deleted.
     *
     * @throws WorkerInUseException if the worker is still open
     * @throws IllegalArgumentException if the worker was committed, or opened without commit-required
     */
    public static boolean discardUncommitted(StorageConfig config, String workerId) {
        DatasetLayout.validateWorkerId(workerId);
        return DatasetWorkspace.run(config, "discard worker '" + workerId + "'", workspace -> {
            DatasetLayout layout = workspace.layout();
            String lockKey = DatasetLayout.WORKERS + "/" + workerId + "/" + layout.workerLock(workerId).getFileName();
            List<String> keys = new ArrayList<>(workspace.list(DatasetLayout.WORKERS + "/" + workerId + "/"));
            keys.remove(lockKey);
            if (keys.isEmpty()) {
                return false;
            }
            String marker = DatasetLayout.commitRequiredMarker(workerId);
            if (!keys.contains(marker) || keys.contains(DatasetLayout.committedMarker(workerId))) {
                throw new IllegalArgumentException("worker '" + workerId + "' of dataset " + layout.location()
                        + " holds points that are part of the dataset, so it is kept; expected a worker that was"
                        + " opened with commit-required and never committed");
            }
            Files.createDirectories(layout.workerDirectory(workerId));
            try (ExclusiveLock lock = ExclusiveLock.tryAcquire(layout.workerLock(workerId)).orElseThrow(() ->
                    new WorkerInUseException("worker '" + workerId + "' of dataset " + layout.location()
                            + " is still open; it can be discarded once its Ingestor is closed or its process ended"))) {
                // The marker goes last: should this stop half-way, the worker is still recognised as uncommitted.
                keys.remove(marker);
                for (String key : keys) {
                    workspace.delete(key);
                }
                workspace.delete(marker);
            }
            return true;
        });
    }

    /**
     * Merges the indexes of all workers that are not open into a new consolidated index generation and makes it
     * current atomically. Running it again gives the same result; running it after more workers have finished
     * includes them. Workers still open are skipped and listed in the summary.
     */
    public static ConsolidationSummary consolidateIndexes(StorageConfig config) {
        return consolidateIndexes(config, ConsolidationProgress.NONE);
    }

    /** {@link #consolidateIndexes(StorageConfig)}, reporting each worker index read to {@code progress}. */
    public static ConsolidationSummary consolidateIndexes(StorageConfig config, ConsolidationProgress progress) {
        Objects.requireNonNull(progress, "progress");
        return DatasetWorkspace.run(config, "consolidate", workspace -> Consolidator.consolidate(workspace, progress));
    }
}
