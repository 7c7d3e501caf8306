package org.pocaduck.internal.compact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBConnection;
import org.pocaduck.PocaduckException;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.format.AtomicFiles;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.ExclusiveLock;
import org.pocaduck.internal.format.FileTrees;
import org.pocaduck.internal.format.RunPlan;
import org.pocaduck.internal.index.LabelChunks;
import org.pocaduck.internal.index.WorkerIndex;
import org.pocaduck.internal.io.ChunkRows;
import org.pocaduck.internal.io.CompactPartWriter;
import org.pocaduck.internal.io.ShardRows;
import org.pocaduck.internal.parquet.ParquetFile;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * Optimizes one shard: rewrites its labels from the source generation into label-contiguous part files in the
 * shard's directory, then publishes the shard's index ({@code index.duckdb}) last. The index is the shard's commit:
 * a shard without it is unfinished, and whoever takes the shard next clears its directory and starts over, so a
 * half-written shard is never used. A lock file next to the directory keeps two workers off the same shard.
 */
final class ShardOptimizer {
    /** Points read from the source at once: bounds memory at about twice this many points (or the largest label). */
    private static final long BATCH_POINTS = 2_000_000;
    /** How often a worker looks again at a shard another worker is writing; shards take seconds to write. */
    private static final long BUSY_SHARD_POLL_MILLIS = 100;

    /** What happened to a shard. */
    record Outcome(boolean written, long pointsRead, long pointsWritten, int files, long bytes) {
        static final Outcome SKIPPED = new Outcome(false, 0, 0, 0, 0);
    }

    private final DatasetWorkspace workspace;
    private final DatasetLayout layout;
    private final RunPlan plan;
    private final SourceGeneration source;
    private final PointSchema schema;
    private final int rowGroupSize;
    private final LongConsumer progress;

    ShardOptimizer(DatasetWorkspace workspace, RunPlan plan, SourceGeneration source, PointSchema schema,
            int rowGroupSize, LongConsumer progress) {
        this.workspace = workspace;
        this.layout = workspace.layout();
        this.plan = plan;
        this.source = source;
        this.schema = schema;
        this.rowGroupSize = rowGroupSize;
        this.progress = progress;
    }

    /**
     * Optimizes {@code shard} unless it is finished, writing through {@code duck} (an in-memory DuckDB connection of
     * the calling thread, reused across its shards: starting DuckDB costs more than a small shard). A shard another
     * worker is writing is waited for, and taken over if that worker stops without finishing it: a duplicate worker
     * (a retried or speculative task) returns only once its shards are finished, so a commit after it succeeds.
     */
    Outcome optimize(int shard, DuckDBConnection duck) throws IOException, SQLException {
        String index = DatasetLayout.shardIndex(plan.run(), shard);
        if (workspace.exists(index)) {
            return Outcome.SKIPPED;
        }
        Path directory = layout.resolve(DatasetLayout.shardDirectory(plan.run(), shard));
        Files.createDirectories(directory.getParent());
        try (ExclusiveLock held = acquire(layout.shardLock(plan.run(), shard))) {
            // Checked again under the lock: the previous holder may have finished just before we took it.
            if (workspace.exists(index)) {
                return Outcome.SKIPPED;
            }
            // Whatever an interrupted attempt left is removed locally; the shard starts over. In an object store the
            // parts of an interrupted attempt are overwritten by the same names, and unused ones are never indexed.
            FileTrees.deleteTree(directory);
            Files.createDirectories(directory);
            return write(shard, index, duck);
        }
    }

    private static ExclusiveLock acquire(Path lockFile) throws IOException {
        while (true) {
            Optional<ExclusiveLock> lock = ExclusiveLock.tryAcquire(lockFile);
            if (lock.isPresent()) {
                return lock.get();
            }
            try {
                Thread.sleep(BUSY_SHARD_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PocaduckException("interrupted while waiting for another worker to finish " + lockFile, e);
            }
        }
    }

    private Outcome write(int shard, String index, DuckDBConnection duck) throws IOException, SQLException {
        LabelChunks chunks = source.chunks(plan.shardFirstLabels()[shard], plan.shardLastLabels()[shard]);
        ShardRows rows = new ShardRows(source.reader, source.parts, source.directory, chunks, schema,
                plan.deduplicate(), BATCH_POINTS, progress);
        List<WorkerIndex.Part> parts = new ArrayList<>();
        long pointsWritten = 0;
        long bytes = 0;
        CompactPartWriter writer = new CompactPartWriter(duck, rowGroupSize);
        while (rows.hasRows()) {
            int number = parts.size() + 1;
            String file = DatasetLayout.shardPart(plan.run(), shard, number);
            Path temp = AtomicFiles.tempFor(layout.resolve(file));
            ChunkRows fileChunks = writer.write(rows, chunks.blockIds(), plan.targetFilePoints(), temp);
            long points = 0;
            for (int c = 0; c < fileChunks.size(); c++) {
                points += fileChunks.count(c);
            }
            long size = Files.size(temp);
            byte[] layout = ParquetFile.layoutOf(temp);
            workspace.publish(temp, file);
            parts.add(new WorkerIndex.Part(number, file, points, size, layout, fileChunks));
            pointsWritten += points;
            bytes += size;
        }
        Path temp = AtomicFiles.tempFor(layout.resolve(index));
        try (WorkerIndex shardIndex = WorkerIndex.open(duck, temp, schema.dimensions())) {
            shardIndex.commit(parts);
        }
        workspace.publish(temp, index);
        return new Outcome(true, rows.pointsRead(), pointsWritten, parts.size(), bytes);
    }

}
