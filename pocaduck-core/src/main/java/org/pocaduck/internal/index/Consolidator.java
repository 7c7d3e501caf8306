package org.pocaduck.internal.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.duckdb.DuckDBConnection;
import org.pocaduck.ConsolidationProgress;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.DatasetNotFoundException;
import org.pocaduck.PocaduckException;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.format.AtomicFiles;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.ExclusiveLock;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.format.OptimizationRuns;
import org.pocaduck.internal.format.RunPlan;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.ParquetFile;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * Builds a new consolidated index generation from the indexes of all workers that are not open, then switches the
 * manifest to it in one atomic rename. The generation holds:
 * <ul>
 * <li>{@code files}: every part file (path relative to the base) with its source directory: first the shards of the
 *     optimization run the generation is built on, then the worker parts that run did not replace, numbered in
 *     (shard, part) then (worker id, part) order;
 * <li>{@code chunks}: (label, block, file, first row, count, bounds), sorted by label;
 * <li>{@code labels}: one row per label with its point, block and file counts and bounds.
 * </ul>
 * Next to it, the generation's {@link LabelIndex} holds what readers need of the same chunks, readable by byte
 * ranges, and {@code index-<generation>.files.parquet} lists its part files for plain Parquet readers. The DuckDB
 * index file, published first, claims the generation, and the other two follow it.
 */
public final class Consolidator {
    private static final String INDEX_ALIAS = "idx";
    /** Generations older than current − 1 are removed: a reader that just read the previous manifest can still open its index. */
    private static final int GENERATIONS_KEPT = 2;

    private Consolidator() {
    }

    /** Consolidates onto the optimization run the dataset already uses, if any. */
    public static ConsolidationSummary consolidate(DatasetWorkspace workspace, ConsolidationProgress progress) {
        return consolidate(workspace, (manifest, duck) -> manifest.optimizedRun(), progress);
    }

    /** Chooses, once the consolidation lock is held, the optimization run the new generation is built on. */
    public interface RunChoice {
        /** The run directory (relative to the base) for the new generation, or null for none. */
        String choose(Manifest current, Connection duck) throws IOException;
    }

    /**
     * Builds a new generation from the shards of the optimization run {@code choice} picks (none: from worker parts
     * only) plus every worker part the run does not replace, and publishes it.
     */
    public static ConsolidationSummary consolidate(DatasetWorkspace workspace, RunChoice choice,
            ConsolidationProgress progress) {
        DatasetLayout layout = workspace.layout();
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            if (!workspace.exists(DatasetLayout.MANIFEST)) {
                throw notFound(layout);
            }
            Files.createDirectories(layout.indexDirectory());
            try (ExclusiveLock lock = ExclusiveLock.tryAcquire(layout.consolidationLock()).orElseThrow(() ->
                    new PocaduckException("another consolidation of " + layout.location() + " is running; retry when"
                            + " it has finished"))) {
                // Read under the lock: a manifest read before it could be one another consolidation has replaced.
                Manifest manifest = Manifest.read(workspace).orElseThrow(() -> notFound(layout));
                String run = choice.choose(manifest, duck);
                RunPlan plan = run == null ? null : RunPlan.read(workspace, run).orElseThrow(() ->
                        new PocaduckException("optimization run " + run + " of " + layout.location()
                                + " has no plan"));
                return consolidate(workspace, manifest, plan, duck, progress);
            }
        } catch (SQLException e) {
            throw DuckDb.failure("consolidation of " + layout.location(), e);
        } catch (IOException e) {
            throw new PocaduckIOException("consolidation of " + layout.location() + " failed: " + e.getMessage(), e);
        }
    }

    private static DatasetNotFoundException notFound(DatasetLayout layout) {
        return new DatasetNotFoundException("no PoCADuck dataset at " + layout.location() + " (no "
                + DatasetLayout.MANIFEST + "): nothing has been written there yet");
    }

    private static ConsolidationSummary consolidate(DatasetWorkspace workspace, Manifest manifest, RunPlan plan,
            DuckDBConnection duck, ConsolidationProgress progress) throws IOException, SQLException {
        DatasetLayout layout = workspace.layout();
        int dimensions = manifest.schema().dimensions();
        List<String> indexKeys = workspace.list(DatasetLayout.INDEX + "/");
        // Past any generation a crashed or concurrent consolidation left behind without making it current.
        long generation = Math.max(manifest.generation(), highestGeneration(indexKeys)) + 1;
        String indexFile = DatasetLayout.indexFile(generation);
        Path target = layout.resolve(indexFile);
        Path temp = AtomicFiles.tempFor(target);
        Files.deleteIfExists(temp);
        Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + ".wal"));

        DuckDb.attach(duck, temp, INDEX_ALIAS, false);
        DuckDb.execute(duck, "CREATE TABLE " + INDEX_ALIAS + ".files (file_id INTEGER NOT NULL, file VARCHAR NOT NULL,"
                + " source VARCHAR NOT NULL, point_count BIGINT NOT NULL, byte_size BIGINT NOT NULL, layout BLOB)");
        DuckDb.execute(duck, "CREATE TEMP TABLE staged_chunks (label UBIGINT, block_id VARCHAR, file_id INTEGER,"
                + " row_start BIGINT, point_count BIGINT" + DuckDb.boundsColumns(dimensions, true) + ")");
        Set<String> workerKeys = new HashSet<>(workspace.list(DatasetLayout.WORKERS + "/"));
        List<String> workerIds = workerIds(workerKeys);
        int shards = plan == null ? 0 : plan.shards();
        int read = 0;
        if (plan != null) {
            for (int shard = 0; shard < plan.shards(); shard++) {
                String shardIndex = DatasetLayout.shardIndex(plan.run(), shard);
                if (!workspace.pull(shardIndex)) {
                    throw new PocaduckException("optimization run " + plan.run() + " of " + layout.location()
                            + " is incomplete: shard " + shard + " has no index");
                }
                stage(duck, workspace.local(shardIndex), DatasetLayout.shardDirectory(plan.run(), shard), 0,
                        dimensions);
                progress.indexesRead(++read, shards + workerIds.size());
            }
        }
        List<String> workers = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> uncommitted = new ArrayList<>();
        for (String workerId : workerIds) {
            if (awaitsCommit(workerKeys, workerId)) {
                uncommitted.add(workerId);
                progress.indexesRead(++read, shards + workerIds.size());
                continue;
            }
            // In an object store's staging copy this lock is private and always free: there a live worker's last
            // published index is consistent with its uploaded parts, so it is included as it stands.
            Files.createDirectories(layout.workerDirectory(workerId));
            Optional<ExclusiveLock> workerLock = ExclusiveLock.tryAcquire(layout.workerLock(workerId));
            if (workerLock.isEmpty()) {
                skipped.add(workerId);
            } else {
                try (ExclusiveLock held = workerLock.get()) {
                    String workerIndex = DatasetLayout.workerIndex(workerId);
                    if (workerKeys.contains(workerIndex) && workspace.pull(workerIndex)) {
                        int replaced = plan == null ? 0 : plan.replacedPart(workerId);
                        stage(duck, workspace.local(workerIndex), DatasetLayout.WORKERS + "/" + workerId, replaced,
                                dimensions);
                        workers.add(workerId);
                    }
                }
            }
            progress.indexesRead(++read, shards + workerIds.size());
        }
        DuckDb.execute(duck, "CREATE TABLE " + INDEX_ALIAS + ".chunks AS SELECT * FROM staged_chunks"
                + " ORDER BY label, block_id, file_id, row_start");
        DuckDb.execute(duck, "CREATE TABLE " + INDEX_ALIAS + ".labels AS SELECT label,"
                + " sum(point_count)::BIGINT AS point_count, count(DISTINCT block_id)::INTEGER AS block_count,"
                + " count(DISTINCT file_id)::INTEGER AS file_count" + aggregatedBounds(dimensions)
                + " FROM staged_chunks GROUP BY label ORDER BY label");
        checkRangesAreContiguous(duck, layout);
        ConsolidationSummary summary = summarize(duck, generation, workers, skipped, uncommitted);
        Path lookupTemp = AtomicFiles.tempFor(layout.resolve(LabelIndex.keyFor(indexFile)));
        LabelIndexWriter.write(duck, INDEX_ALIAS, manifest.schema().names(), path -> {
            // Parts indexed before layouts were kept: their footers give the layout, once, here.
            try (ByteSource part = workspace.files().open(path)) {
                return ParquetFile.open(part);
            }
        }, lookupTemp);
        Path liveFilesTemp = AtomicFiles.tempFor(layout.resolve(DatasetLayout.liveFiles(indexFile)));
        try (PreparedStatement copy = duck.prepareStatement("COPY (SELECT file, point_count, byte_size FROM "
                + INDEX_ALIAS + ".files ORDER BY file_id) TO (?) (FORMAT parquet, COMPRESSION zstd)")) {
            copy.setString(1, liveFilesTemp.toString());
            copy.execute();
        }
        DuckDb.execute(duck, "CHECKPOINT " + INDEX_ALIAS);
        DuckDb.execute(duck, "DETACH " + INDEX_ALIAS);
        // The index file claims the generation: of two consolidations racing for it, exactly one publishes it, and
        // only the winner then publishes the rest. Readers find them through the manifest, written last.
        if (!workspace.publishNew(temp, indexFile)) {
            Files.deleteIfExists(lookupTemp);
            Files.deleteIfExists(liveFilesTemp);
            throw new PocaduckException("another consolidation of " + layout.location() + " published generation "
                    + generation + " first; retry when it has finished");
        }
        workspace.publish(lookupTemp, LabelIndex.keyFor(indexFile));
        workspace.publish(liveFilesTemp, DatasetLayout.liveFiles(indexFile));
        String run = plan == null ? null : plan.run();
        manifest.withIndex(generation, indexFile, run).write(workspace);
        removeOldGenerations(workspace, indexKeys, generation,
                OptimizationRuns.pendingSourceGenerations(workspace, run));
        return summary;
    }

    /** A worker opened with {@code commitRequired} that was never committed: a failed or duplicate task attempt. */
    private static boolean awaitsCommit(Set<String> workerKeys, String workerId) {
        return workerKeys.contains(DatasetLayout.commitRequiredMarker(workerId))
                && !workerKeys.contains(DatasetLayout.committedMarker(workerId));
    }

    /** The ids of the workers that have files, from the keys under {@code workers/}, sorted. */
    private static List<String> workerIds(Set<String> workerKeys) {
        TreeSet<String> ids = new TreeSet<>();
        for (String key : workerKeys) {
            String[] segments = key.split("/");
            if (segments.length == 3) {
                ids.add(segments[1]);
            }
        }
        return new ArrayList<>(ids);
    }

    private static long highestGeneration(List<String> indexKeys) {
        long highest = 0;
        for (String key : indexKeys) {
            highest = Math.max(highest, DatasetLayout.indexGeneration(DatasetWorkspace.fileName(key)));
        }
        return highest;
    }

    /**
     * Adds the parts above {@code replacedPart} of one worker (or shard) index and their chunk rows. Parts at or below
     * it were rewritten by the optimization run the generation is built on.
     */
    private static void stage(DuckDBConnection duck, Path sourceIndex, String source, int replacedPart,
            int dimensions) throws SQLException {
        DuckDb.attach(duck, sourceIndex, WorkerIndex.ALIAS, true);
        try {
            // A worker index written before part layouts were kept has no layout column: its files are read through
            // their footers.
            String layout = DuckDb.hasColumn(duck, WorkerIndex.ALIAS, "parts", "layout") ? "layout" : "NULL";
            try (PreparedStatement files = duck.prepareStatement("INSERT INTO " + INDEX_ALIAS + ".files"
                    + " SELECT (SELECT count(*) FROM " + INDEX_ALIAS + ".files) + row_number() OVER (ORDER BY part) - 1,"
                    + " file, ?, point_count, byte_size, " + layout + " FROM " + WorkerIndex.ALIAS
                    + ".parts WHERE part > ?")) {
                files.setString(1, source);
                files.setInt(2, replacedPart);
                files.execute();
            }
            try (PreparedStatement chunks = duck.prepareStatement("INSERT INTO staged_chunks"
                    + " SELECT c.label, c.block_id, f.file_id, c.row_start, c.point_count"
                    + prefixed(DuckDb.boundsColumns(dimensions, false), "c.")
                    + " FROM " + WorkerIndex.ALIAS + ".chunks c JOIN " + WorkerIndex.ALIAS + ".parts p USING (part)"
                    + " JOIN " + INDEX_ALIAS + ".files f ON f.file = p.file WHERE c.part > ?")) {
                chunks.setInt(1, replacedPart);
                chunks.execute();
            }
        } finally {
            DuckDb.execute(duck, "DETACH " + WorkerIndex.ALIAS);
        }
    }

    private static String prefixed(String columns, String prefix) {
        return columns.replace(", ", ", " + prefix);
    }

    private static String aggregatedBounds(int dimensions) {
        StringBuilder columns = new StringBuilder();
        for (int d = 0; d < dimensions; d++) {
            columns.append(", min(min_").append(d).append(") AS min_").append(d);
            columns.append(", max(max_").append(d).append(") AS max_").append(d);
        }
        return columns.toString();
    }

    /** Part files are sorted by label, so a label's chunks in one file must form one gap-free run; anything else is corruption. */
    private static void checkRangesAreContiguous(DuckDBConnection duck, DatasetLayout layout) throws SQLException {
        String sql = "SELECT c.label, f.file FROM staged_chunks c JOIN " + INDEX_ALIAS + ".files f USING (file_id)"
                + " GROUP BY c.label, f.file HAVING max(c.row_start + c.point_count) - min(c.row_start)"
                + " <> sum(c.point_count) LIMIT 1";
        try (PreparedStatement statement = duck.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            if (row.next()) {
                throw new PocaduckException("index of dataset " + layout.location() + " is corrupt: the chunks of label "
                        + Long.toUnsignedString(row.getLong(1)) + " in " + row.getString(2)
                        + " do not form one contiguous row range");
            }
        }
    }

    private static ConsolidationSummary summarize(DuckDBConnection duck, long generation, List<String> workers,
            List<String> skipped, List<String> uncommitted) throws SQLException {
        String sql = "SELECT (SELECT count(*) FROM " + INDEX_ALIAS + ".files), (SELECT count(*) FROM staged_chunks),"
                + " (SELECT count(*) FROM " + INDEX_ALIAS + ".labels),"
                + " (SELECT coalesce(sum(point_count), 0)::BIGINT FROM " + INDEX_ALIAS + ".labels)";
        try (PreparedStatement statement = duck.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            row.next();
            return new ConsolidationSummary(generation, workers, skipped, uncommitted, row.getLong(1),
                    row.getLong(2), row.getLong(3), row.getLong(4));
        }
    }

    /**
     * Removes generations older than the previous one, except those a pending optimization run still reads: its
     * workers may be restarted, and they must find the generation their plan names.
     */
    private static void removeOldGenerations(DatasetWorkspace workspace, List<String> indexKeys, long current,
            Set<Long> pinned) throws IOException {
        for (String key : indexKeys) {
            long generation = DatasetLayout.indexGeneration(DatasetWorkspace.fileName(key));
            if (generation > 0 && generation <= current - GENERATIONS_KEPT && !pinned.contains(generation)) {
                workspace.delete(key);
            }
        }
    }
}
