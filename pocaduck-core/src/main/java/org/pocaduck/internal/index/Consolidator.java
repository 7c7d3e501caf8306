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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.duckdb.DuckDBConnection;
import org.pocaduck.ConsolidationProgress;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.DatasetNotFoundException;
import org.pocaduck.PocaduckException;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.internal.format.AtomicFiles;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.ExclusiveLock;
import org.pocaduck.internal.format.FailureReason;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.format.OptimizationRuns;
import org.pocaduck.internal.format.RunPlan;
import org.pocaduck.internal.format.ScratchDirectory;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.LocalFileSource;
import org.pocaduck.internal.parquet.ParquetFile;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * Builds a new consolidated index generation, then switches the manifest to it in one atomic rename. A generation is
 * one or two segments (see {@link Manifest}); each segment holds:
 * <ul>
 * <li>{@code files}: every part file of the segment (path relative to the base) with its source directory and
 *     layout, numbered in the order staged: a new optimization run's shards (shard, part), the parts carried from the
 *     current generation's segments, then worker parts no segment holds yet (worker id, part);
 * <li>{@code chunks}: (label, block, file, first row, count, bounds), sorted by label;
 * <li>{@code labels}: one row per label of the segment with its point, block and file counts and bounds.
 * </ul>
 * Next to it, the segment's {@link LabelIndex} holds what readers need of the same chunks, readable by byte ranges,
 * and {@code index-<generation>.files.parquet} lists every part file of the generation (of all its segments), with
 * their sources and layouts, for plain Parquet readers and for the next consolidation. The DuckDB index file,
 * published first, claims the generation, and the other two follow it.
 *
 * <p>The parts the current generation holds are carried over from its segments' label indexes and lists of part files
 * ({@link SegmentStaging}); a worker's index is read only for parts no segment holds yet. Only the first consolidation,
 * one of a generation written by format 4 or earlier, or one onto an optimization run not built on the current
 * generation's reads the index of every worker.
 *
 * <p>A consolidation is <em>incremental</em> when the dataset has a generation built on the same optimization run: it
 * keeps that generation's base segment and writes one segment with the parts the base lacks (those of the previous
 * generation's second segment again, and the new ones), so that it reads and writes in proportion to what is not in
 * the base. Once that segment would hold more than a {@value #BASE_TO_DELTA_RATIO}th of the base's points, the
 * consolidation is full instead and folds everything into one segment. When no worker has a part the current
 * generation lacks, nothing is published.
 */
public final class Consolidator {
    private static final String INDEX_ALIAS = "idx";
    private static final String SEGMENT_ALIAS = "segment";
    /**
     * Generations older than current − 1 are removed, except pinned ones. The previous manifest's generation, which
     * readers may hold, is pinned: after killed consolidations left gaps in the numbers it can be older than that.
     */
    private static final int GENERATIONS_KEPT = 2;
    /**
     * An incremental segment may hold up to this fraction of its base's points. Each incremental consolidation rewrites
     * the whole second segment, so the ratio bounds its cost against a full one, which rewrites everything.
     */
    static final int BASE_TO_DELTA_RATIO = 4;
    /**
     * DuckDB's memory while it sorts the chunks: about 10^7 chunks (10^9 points) sort within it, larger generations
     * spill to a temporary directory.
     */
    private static final long MEMORY_LIMIT_BYTES = 1L << 30;
    /** Scans of a segment's label index cache nothing but the nodes above its pages. */
    private static final long SCAN_CACHE_BYTES = 1L << 20;

    private Consolidator() {
    }

    /**
     * Consolidates onto the optimization run the dataset already uses, if any: incrementally when the current
     * generation allows it, and not at all when no worker has a part it lacks.
     */
    public static ConsolidationSummary consolidate(DatasetWorkspace workspace, ConsolidationProgress progress) {
        return consolidate(workspace, (manifest, duck) -> manifest.optimizedRun(), true, progress);
    }

    /** Chooses, once the consolidation lock is held, the optimization run the new generation is built on. */
    public interface RunChoice {
        /** The run directory (relative to the base) for the new generation, or null for none. */
        String choose(Manifest current, Connection duck) throws IOException;
    }

    /**
     * Builds a new generation of one segment from the shards of the optimization run {@code choice} picks (none: from
     * worker parts only) plus every worker part the run does not replace, and publishes it.
     */
    public static ConsolidationSummary consolidateFully(DatasetWorkspace workspace, RunChoice choice,
            ConsolidationProgress progress) {
        return consolidate(workspace, choice, false, progress);
    }

    private static ConsolidationSummary consolidate(DatasetWorkspace workspace, RunChoice choice,
            boolean incremental, ConsolidationProgress progress) {
        DatasetLayout layout = workspace.layout();
        try (ScratchDirectory spill = ScratchDirectory.create("consolidate");
                DuckDBConnection duck = DuckDb.openInMemory()) {
            // Each table of the new index is written once: committing straight to its blocks instead of first to a
            // write-ahead log halves what a consolidation writes, and its time.
            DuckDb.execute(duck, "SET checkpoint_threshold = '0b'");
            DuckDb.limitMemory(duck, MEMORY_LIMIT_BYTES, spill.path());
            if (!workspace.exists(DatasetLayout.MANIFEST)) {
                throw notFound(layout);
            }
            Files.createDirectories(layout.indexDirectory());
            try (ExclusiveLock lock = ExclusiveLock.tryAcquire(layout.consolidationLock()).orElseThrow(() ->
                    new PocaduckException("another consolidation of " + layout.location() + " is running; retry when"
                            + " it has finished"))) {
                AtomicFiles.removeLeftovers(layout.indexDirectory());
                // Read under the lock: a manifest read before it could be one another consolidation has replaced.
                Manifest manifest = Manifest.read(workspace).orElseThrow(() -> notFound(layout));
                String run = choice.choose(manifest, duck);
                RunPlan plan = run == null ? null : RunPlan.read(workspace, run).orElseThrow(() ->
                        new PocaduckException("optimization run " + run + " of " + layout.location()
                                + " has no plan"));
                Manifest.Segment base = incremental ? incrementalBase(workspace, manifest, run) : null;
                return new Build(workspace, manifest, plan, base, duck, spill.path(), progress).run();
            }
        } catch (SQLException e) {
            throw DuckDb.failure("consolidation of " + layout.location(), e);
        } catch (IOException e) {
            throw new PocaduckIOException("consolidation of " + layout.location() + " failed: " + FailureReason.of(e),
                    e);
        }
    }

    private static DatasetNotFoundException notFound(DatasetLayout layout) {
        return new DatasetNotFoundException("no PoCADuck dataset at " + layout.location() + " (no "
                + DatasetLayout.MANIFEST + "): nothing has been written there yet");
    }

    /**
     * The segment an incremental consolidation keeps: the current generation's base, or the generation itself when it
     * has one segment. Null when it must be full: nothing consolidated yet, another optimization run, or a generation
     * from before lists of part files were written.
     */
    private static Manifest.Segment incrementalBase(DatasetWorkspace workspace, Manifest manifest, String run)
            throws IOException {
        if (manifest.generation() == 0 || !Objects.equals(run, manifest.optimizedRun())) {
            return null;
        }
        Manifest.Segment base = manifest.base() != null ? manifest.base() : manifest.segments().get(0);
        if (!workspace.pull(DatasetLayout.liveFiles(manifest.indexFile()))
                || !workspace.pull(DatasetLayout.liveFiles(base.indexFile()))
                || !workspace.exists(LabelIndex.keyFor(base.indexFile()))) {
            return null;
        }
        return base.lookupBytes() >= 0 ? base
                : new Manifest.Segment(base.indexFile(), workspace.size(LabelIndex.keyFor(base.indexFile())));
    }

    /** One consolidation: stages the chunks of the parts the new segment holds, then writes and publishes it. */
    private static final class Build {
        private final DatasetWorkspace workspace;
        private final DatasetLayout layout;
        private final Manifest manifest;
        private final RunPlan plan;
        /** The segment kept from the current generation, or null for a full consolidation. */
        private final Manifest.Segment base;
        private final DuckDBConnection duck;
        /** Where the consolidation's scratch files go (DuckDB spills there too). */
        private final Path scratch;
        private final ConsolidationProgress progress;
        private final int dimensions;
        private final SegmentStaging staging;

        Build(DatasetWorkspace workspace, Manifest manifest, RunPlan plan, Manifest.Segment base,
                DuckDBConnection duck, Path scratch, ConsolidationProgress progress) {
            this.workspace = workspace;
            this.layout = workspace.layout();
            this.manifest = manifest;
            this.plan = plan;
            this.base = base;
            this.duck = duck;
            this.scratch = scratch;
            this.progress = progress;
            this.dimensions = manifest.schema().dimensions();
            this.staging = new SegmentStaging(duck, dimensions);
        }

        ConsolidationSummary run() throws IOException, SQLException {
            List<String> indexKeys = workspace.list(DatasetLayout.INDEX + "/");
            // Past any generation a crashed or concurrent consolidation left behind without making it current.
            long generation = Math.max(manifest.generation(), highestGeneration(indexKeys)) + 1;
            String indexFile = DatasetLayout.indexFile(generation);
            Path temp = AtomicFiles.tempFor(layout.resolve(indexFile));
            Files.deleteIfExists(temp);
            Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + ".wal"));

            // The parts the current generation holds: carried over from its segments, never staged from a worker.
            DuckDb.execute(duck, "CREATE TEMP TABLE included (file VARCHAR PRIMARY KEY)");
            List<Manifest.Segment> carried = carriedSegments();
            Set<String> included = includedFiles(carried);
            Set<String> workerKeys = new HashSet<>(workspace.list(DatasetLayout.WORKERS + "/"));
            List<String> workerIds = workerIds(workerKeys);
            if (base != null && !hasNewParts(workerKeys, workerIds, included)) {
                List<String> uncommitted = workerIds.stream().filter(id -> awaitsCommit(workerKeys, id)).toList();
                return new ConsolidationSummary(manifest.generation(), 0, false, List.of(), List.of(), uncommitted, 0,
                        0, 0, 0);
            }
            DuckDb.attach(duck, temp, INDEX_ALIAS, false);
            try {
                return build(generation, indexFile, temp, indexKeys, carried, included, workerKeys, workerIds);
            } finally {
                DuckDb.execute(duck, "DETACH DATABASE IF EXISTS " + INDEX_ALIAS);
                Files.deleteIfExists(temp);
                Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + ".wal"));
            }
        }

        private ConsolidationSummary build(long generation, String indexFile, Path temp, List<String> indexKeys,
                List<Manifest.Segment> carried, Set<String> included, Set<String> workerKeys, List<String> workerIds)
                throws IOException, SQLException {
            // An incremental segment is small: on tables of some thousand rows DuckDB's threads cost more than they
            // save (a tenth of an incremental consolidation's time), while a full one sorts millions of rows.
            DuckDb.execute(duck, base == null ? "RESET threads" : "SET threads = 1");
            DuckDb.execute(duck, "CREATE TEMP TABLE staged_files (file_id INTEGER NOT NULL, file VARCHAR NOT NULL,"
                    + " source VARCHAR NOT NULL, point_count BIGINT NOT NULL, byte_size BIGINT NOT NULL, layout BLOB)");
            DuckDb.execute(duck, "CREATE TEMP TABLE staged_chunks (label UBIGINT, block_id VARCHAR, file_id INTEGER,"
                    + " row_start BIGINT, point_count BIGINT" + DuckDb.boundsColumns(dimensions, true) + ")");
            // A new optimization run's shards are staged from their indexes; the current run's come with the segments.
            boolean newRun = plan != null && !Objects.equals(plan.run(), manifest.optimizedRun());
            int shards = plan == null || base != null || carried != null && !newRun ? 0 : plan.shards();
            int read = 0;
            for (int shard = 0; shard < shards; shard++) {
                String shardIndex = DatasetLayout.shardIndex(plan.run(), shard);
                if (!workspace.pull(shardIndex)) {
                    throw new PocaduckException("optimization run " + plan.run() + " of " + layout.location()
                            + " is incomplete: shard " + shard + " has no index");
                }
                stage(workspace.local(shardIndex), DatasetLayout.shardDirectory(plan.run(), shard), 0);
                progress.indexesRead(++read, shards + workerIds.size());
            }
            for (Manifest.Segment segment : carried == null ? List.<Manifest.Segment>of() : carried) {
                stageSegment(segment, newRun ? this::survivesRun : path -> true);
            }
            long carriedFiles = count("SELECT count(*) FROM staged_files");
            List<String> workers = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            List<String> uncommitted = new ArrayList<>();
            for (String workerId : workerIds) {
                if (awaitsCommit(workerKeys, workerId)) {
                    uncommitted.add(workerId);
                } else if (carried == null || hasNewParts(workerKeys, workerId, included)) {
                    switch (stageWorker(workerKeys, workerId)) {
                        case STAGED -> workers.add(workerId);
                        case LIVE -> skipped.add(workerId);
                        case ABSENT -> { }
                    }
                }
                progress.indexesRead(++read, shards + workerIds.size());
            }
            if (base != null) {
                if (count("SELECT count(*) FROM staged_files") == carriedFiles) {
                    // The parts listed were not yet in their workers' indexes: nothing new is consolidated.
                    return new ConsolidationSummary(manifest.generation(), 0, false, List.of(), skipped, uncommitted,
                            0, 0, 0, 0);
                }
                long basePoints = count("SELECT coalesce(sum(point_count), 0)::BIGINT FROM read_parquet(?)",
                        workspace.local(DatasetLayout.liveFiles(base.indexFile())).toString());
                long segmentPoints = count("SELECT coalesce(sum(point_count), 0)::BIGINT FROM staged_files");
                if (segmentPoints > basePoints / BASE_TO_DELTA_RATIO) {
                    DuckDb.execute(duck, "DROP TABLE staged_files");
                    DuckDb.execute(duck, "DROP TABLE staged_chunks");
                    DuckDb.execute(duck, "DELETE FROM included");
                    Build full = new Build(workspace, manifest, plan, null, duck, scratch, progress);
                    List<Manifest.Segment> all = full.carriedSegments();
                    return full.build(generation, indexFile, temp, indexKeys, all, full.includedFiles(all),
                            workerKeys, workerIds);
                }
            }
            Path lookupTemp = AtomicFiles.tempFor(layout.resolve(LabelIndex.keyFor(indexFile)));
            writeTablesAndLabelIndex(lookupTemp);
            ConsolidationSummary summary = summarize(generation, workers, skipped, uncommitted);
            Path liveFilesTemp = AtomicFiles.tempFor(layout.resolve(DatasetLayout.liveFiles(indexFile)));
            writeLiveFiles(liveFilesTemp);
            DuckDb.execute(duck, "CHECKPOINT " + INDEX_ALIAS);
            DuckDb.execute(duck, "DETACH " + INDEX_ALIAS);
            // The index file claims the generation: of two consolidations racing for it, exactly one publishes it,
            // and only the winner then publishes the rest. Readers find them through the manifest, written last.
            if (!workspace.publishNew(temp, indexFile)) {
                Files.deleteIfExists(lookupTemp);
                Files.deleteIfExists(liveFilesTemp);
                throw new PocaduckException("another consolidation of " + layout.location() + " published generation "
                        + generation + " first; retry when it has finished");
            }
            Manifest.Segment segment = new Manifest.Segment(indexFile, Files.size(lookupTemp));
            workspace.publish(lookupTemp, LabelIndex.keyFor(indexFile));
            workspace.publish(liveFilesTemp, DatasetLayout.liveFiles(indexFile));
            String run = plan == null ? null : plan.run();
            Manifest next = manifest.withSegments(generation, base == null ? List.of(segment)
                    : List.of(base, segment), run);
            next.write(workspace);
            Set<Long> pinned = new HashSet<>(OptimizationRuns.pendingSourceGenerations(workspace, run));
            // Bases stay while a reader may still hold a generation built on them: the new one and the one before.
            for (Manifest held : List.of(manifest, next)) {
                held.segments().forEach(kept -> pinned.add(kept.generation()));
            }
            removeOldGenerations(indexKeys, generation, pinned);
            return summary;
        }

        /** Whether some worker that is not awaiting its commit lists a part that {@code included} lacks. */
        private boolean hasNewParts(Set<String> workerKeys, List<String> workerIds, Set<String> included) {
            for (String workerId : workerIds) {
                if (!awaitsCommit(workerKeys, workerId) && hasNewParts(workerKeys, workerId, included)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the worker lists a part that {@code included} lacks and the optimization run does not replace. */
        private boolean hasNewParts(Set<String> workerKeys, String workerId, Set<String> included) {
            int replaced = plan == null ? 0 : plan.replacedPart(workerId);
            String prefix = DatasetLayout.WORKERS + "/" + workerId + "/";
            for (String key : workerKeys) {
                if (key.startsWith(prefix) && !included.contains(key)
                        && DatasetLayout.partNumber(key.substring(prefix.length())) > replaced) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The part files of the generation whose DuckDB index is {@code indexFile}, from its list of them, also put in
         * the table {@code included} for the staging queries.
         */
        private Set<String> generationFiles(String indexFile) throws SQLException {
            try (PreparedStatement insert = duck.prepareStatement("INSERT INTO included SELECT file FROM"
                    + " read_parquet(?)")) {
                insert.setString(1, workspace.local(DatasetLayout.liveFiles(indexFile)).toString());
                insert.execute();
            }
            Set<String> files = new HashSet<>();
            try (PreparedStatement query = duck.prepareStatement("SELECT file FROM included");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    files.add(rows.getString(1));
                }
            }
            return files;
        }

        private enum Staged { STAGED, LIVE, ABSENT }

        /** Stages the worker's parts that are neither replaced by the run nor already in the base. */
        private Staged stageWorker(Set<String> workerKeys, String workerId) throws IOException, SQLException {
            // In an object store's staging copy this lock is private and always free: there a live worker's last
            // published index is consistent with its uploaded parts, so it is included as it stands.
            Files.createDirectories(layout.workerDirectory(workerId));
            Optional<ExclusiveLock> workerLock = ExclusiveLock.tryAcquire(layout.workerLock(workerId));
            if (workerLock.isEmpty()) {
                return Staged.LIVE;
            }
            try (ExclusiveLock held = workerLock.get()) {
                String workerIndex = DatasetLayout.workerIndex(workerId);
                if (!workerKeys.contains(workerIndex) || !workspace.pull(workerIndex)) {
                    return Staged.ABSENT;
                }
                int replaced = plan == null ? 0 : plan.replacedPart(workerId);
                stage(workspace.local(workerIndex), DatasetLayout.WORKERS + "/" + workerId, replaced);
                return Staged.STAGED;
            }
        }

        /**
         * Adds the parts above {@code replacedPart} of one worker (or shard) index that the base does not hold, and
         * their chunk rows. Parts at or below it were rewritten by the optimization run the generation is built on.
         */
        private void stage(Path sourceIndex, String source, int replacedPart) throws SQLException {
            DuckDb.attach(duck, sourceIndex, WorkerIndex.ALIAS, true);
            try {
                // A worker index written before part layouts were kept has no layout column: its files are read
                // through their footers.
                String layoutColumn = DuckDb.hasColumn(duck, WorkerIndex.ALIAS, "parts", "layout") ? "layout" : "NULL";
                String selected = " WHERE part > ? AND file NOT IN (SELECT file FROM included)";
                try (PreparedStatement files = duck.prepareStatement("INSERT INTO staged_files"
                        + " SELECT (SELECT count(*) FROM staged_files) + row_number() OVER (ORDER BY part)"
                        + " - 1, file, ?, point_count, byte_size, " + layoutColumn + " FROM " + WorkerIndex.ALIAS
                        + ".parts" + selected)) {
                    files.setString(1, source);
                    files.setInt(2, replacedPart);
                    files.execute();
                }
                try (PreparedStatement chunks = duck.prepareStatement("INSERT INTO staged_chunks"
                        + " SELECT c.label, c.block_id, f.file_id, c.row_start, c.point_count"
                        + DuckDb.boundsColumns(dimensions, "c")
                        + " FROM " + WorkerIndex.ALIAS + ".chunks c JOIN (SELECT part, file FROM " + WorkerIndex.ALIAS
                        + ".parts" + selected + ") p USING (part) JOIN staged_files f ON f.file = p.file")) {
                    chunks.setInt(1, replacedPart);
                    chunks.execute();
                }
            } finally {
                DuckDb.execute(duck, "DETACH " + WorkerIndex.ALIAS);
            }
        }

        /**
         * The segments of the current generation whose parts the new one carries over, or null when a full
         * consolidation must instead read the index of every worker: nothing consolidated yet, a generation written
         * before lists of part files kept their layouts (format 4 and older), or an optimization run that is neither
         * the current generation's nor built on it. An incremental consolidation carries the current generation's
         * second segment, if any, and keeps its base.
         */
        private List<Manifest.Segment> carriedSegments() throws IOException, SQLException {
            if (base != null) {
                return manifest.base() != null ? List.of(manifest.segments().get(1)) : List.of();
            }
            String run = plan == null ? null : plan.run();
            if (manifest.generation() == 0 || !Objects.equals(run, manifest.optimizedRun())
                    && (plan == null || !Objects.equals(plan.baseRun(), manifest.optimizedRun()))) {
                return null;
            }
            for (Manifest.Segment segment : manifest.segments()) {
                if (!withCarriableIndex(segment, (liveFiles, index) -> { })) {
                    return null;
                }
            }
            return manifest.segments();
        }

        /** The parts of the current generation when {@code carried} segments hold them (also put in table {@code included}). */
        private Set<String> includedFiles(List<Manifest.Segment> carried) throws SQLException {
            return carried == null ? Set.of() : generationFiles(manifest.indexFile());
        }

        /** Receives a segment's list of part files (a local path) and its opened label index. */
        private interface CarriableIndex {
            void use(String liveFiles, LabelIndex index) throws SQLException;
        }

        /**
         * Hands the segment's list of part files and label index to {@code use} when the segment can be carried from
         * them ({@link SegmentStaging#canStage}); returns whether it could.
         */
        private boolean withCarriableIndex(Manifest.Segment segment, CarriableIndex use)
                throws IOException, SQLException {
            String liveFiles = DatasetLayout.liveFiles(segment.indexFile());
            String lookup = LabelIndex.keyFor(segment.indexFile());
            if (!workspace.pull(liveFiles) || !workspace.pull(lookup)) {
                return false;
            }
            try (ByteSource source = new LocalFileSource(workspace.local(lookup))) {
                LabelIndex index = LabelIndex.open(source, lookup, SCAN_CACHE_BYTES);
                String list = workspace.local(liveFiles).toString();
                if (!staging.canStage(list, index)) {
                    return false;
                }
                use.use(list, index);
                return true;
            }
        }

        /** Whether a part file of the current generation stays when the new optimization run replaces its parts. */
        private boolean survivesRun(String path) {
            String[] segments = path.split("/");
            return segments.length == 3 && segments[0].equals(DatasetLayout.WORKERS)
                    && DatasetLayout.partNumber(segments[2]) > plan.replacedPart(segments[1]);
        }

        /**
         * Adds the files {@code keep} accepts of one of the current generation's segments, and their chunks,
         * renumbering its files after those staged: from its list of part files and its label index, or, for a
         * segment written before those lists kept layouts, from its DuckDB index (all its files).
         */
        private void stageSegment(Manifest.Segment segment, Predicate<String> keep) throws IOException, SQLException {
            if (withCarriableIndex(segment, (liveFiles, index) -> staging.stage(liveFiles, index, keep))) {
                return;
            }
            if (!workspace.pull(segment.indexFile())) {
                throw new PocaduckException("the current generation's segment " + segment.indexFile() + " of "
                        + layout.location() + " is missing");
            }
            DuckDb.attach(duck, workspace.local(segment.indexFile()), SEGMENT_ALIAS, true);
            try {
                long offset = count("SELECT count(*) FROM staged_files");
                DuckDb.execute(duck, "INSERT INTO staged_files SELECT file_id + " + offset + ", file,"
                        + " source, point_count, byte_size, layout FROM " + SEGMENT_ALIAS + ".files");
                DuckDb.execute(duck, "INSERT INTO staged_chunks SELECT label, block_id, file_id + " + offset
                        + ", row_start, point_count" + DuckDb.boundsColumns(dimensions, false) + " FROM "
                        + SEGMENT_ALIAS + ".chunks");
            } finally {
                DuckDb.execute(duck, "DETACH " + SEGMENT_ALIAS);
            }
        }

        /**
         * Writes the list of every part file of the new generation, the base's first, with the source and layout of
         * each file of the new segment; the base's files have theirs in the base's own list, which the next
         * consolidation reads, so that an incremental consolidation does not copy them again.
         */
        private void writeLiveFiles(Path target) throws SQLException {
            String segmentFiles = "SELECT 1 AS segment, file_id AS position, file, point_count, byte_size, source,"
                    + " layout FROM staged_files";
            String all = segmentFiles;
            String baseFiles = null;
            if (base != null) {
                baseFiles = workspace.local(DatasetLayout.liveFiles(base.indexFile())).toString();
                all = "SELECT 0 AS segment, file_row_number AS position, file, point_count, byte_size,"
                        + " NULL AS source, NULL::BLOB AS layout FROM read_parquet(?, file_row_number = true)"
                        + " UNION ALL " + segmentFiles;
            }
            try (PreparedStatement copy = duck.prepareStatement("COPY (SELECT file, point_count, byte_size, source,"
                    + " layout FROM (" + all + ") ORDER BY segment, position) TO (?) (FORMAT parquet,"
                    + " COMPRESSION zstd)")) {
                int parameter = 1;
                if (baseFiles != null) {
                    copy.setString(parameter++, baseFiles);
                }
                copy.setString(parameter, target.toString());
                copy.execute();
            }
        }

        /**
         * Writes the index's tables and, from its chunks, the label index to {@code lookupTemp}, in one transaction so
         * that the tables are written in one checkpoint: the {@code labels} table comes from the totals the label
         * index writer collects, after the chunks it reads.
         */
        private void writeTablesAndLabelIndex(Path lookupTemp) throws IOException, SQLException {
            DuckDb.execute(duck, "BEGIN TRANSACTION");
            try (LabelTotals labels = LabelTotals.spillingTo(scratch.resolve("labels.bin"), dimensions)) {
                DuckDb.execute(duck, "CREATE TABLE " + INDEX_ALIAS + ".files AS SELECT * FROM staged_files ORDER BY"
                        + " file_id");
                DuckDb.execute(duck, "CREATE TABLE " + INDEX_ALIAS + ".chunks AS SELECT * FROM staged_chunks"
                        + " ORDER BY label, block_id, file_id, row_start");
                LabelIndexWriter.write(duck, INDEX_ALIAS, manifest.schema().names(), path -> {
                    // Parts indexed before layouts were kept: their footers give the layout, once, here.
                    try (ByteSource part = workspace.files().open(path)) {
                        return ParquetFile.open(part);
                    }
                }, labels.sink(), lookupTemp);
                labels.createTable(duck, INDEX_ALIAS + ".labels");
                DuckDb.execute(duck, "COMMIT");
            } catch (IOException | SQLException | RuntimeException e) {
                // A failed statement or COMMIT may have ended the transaction already: the first error says why.
                try {
                    DuckDb.execute(duck, "ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                Files.deleteIfExists(lookupTemp);
                if (e instanceof LabelIndexWriter.CorruptChunksException) {
                    throw new PocaduckException("index of dataset " + layout.location() + " is corrupt: "
                            + e.getMessage(), e);
                }
                throw e;
            }
        }

        private long count(String sql, String... parameters) throws SQLException {
            return DuckDb.queryLong(duck, sql, parameters);
        }

        private ConsolidationSummary summarize(long generation, List<String> workers, List<String> skipped,
                List<String> uncommitted) throws SQLException {
            String sql = "SELECT (SELECT count(*) FROM staged_files), (SELECT count(*) FROM staged_chunks),"
                    + " (SELECT count(*) FROM " + INDEX_ALIAS + ".labels),"
                    + " (SELECT coalesce(sum(point_count), 0)::BIGINT FROM " + INDEX_ALIAS + ".labels)";
            // The workers whose parts were read from their indexes, and those whose parts came with a carried segment.
            TreeSet<String> included = new TreeSet<>(workers);
            try (PreparedStatement sources = duck.prepareStatement("SELECT DISTINCT source FROM staged_files");
                    ResultSet rows = sources.executeQuery()) {
                while (rows.next()) {
                    String[] source = rows.getString(1).split("/");
                    if (source.length == 2 && source[0].equals(DatasetLayout.WORKERS)) {
                        included.add(source[1]);
                    }
                }
            }
            try (PreparedStatement statement = duck.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
                row.next();
                return new ConsolidationSummary(generation, base == null ? 0 : base.generation(), true,
                        List.copyOf(included), skipped, uncommitted, row.getLong(1), row.getLong(2), row.getLong(3),
                        row.getLong(4));
            }
        }

        /**
         * Removes generations older than the previous one, except those still {@code pinned}: bases of the current
         * and the previous generation, and generations a pending optimization run still reads (its workers may be
         * restarted, and they must find the generation their plan names).
         */
        private void removeOldGenerations(List<String> indexKeys, long current, Set<Long> pinned) throws IOException {
            for (String key : indexKeys) {
                long generation = DatasetLayout.indexGeneration(DatasetWorkspace.fileName(key));
                if (generation > 0 && generation <= current - GENERATIONS_KEPT && !pinned.contains(generation)) {
                    workspace.delete(key);
                }
            }
        }
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
}
