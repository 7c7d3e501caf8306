package org.pocaduck.internal.format;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where each file of a dataset lives, relative to its base directory:
 * <pre>
 * pocaduck.json                       manifest: format version, point schema, current index generation
 * workers/&lt;worker-id&gt;/part-000001.parquet   points of one flush, sorted by (label, block_id)
 * workers/&lt;worker-id&gt;/index.duckdb      the worker's chunk rows, committed after each part is durable
 * workers/&lt;worker-id&gt;/worker.lock       held by the live Ingestor
 * workers/&lt;worker-id&gt;/commit-required   the worker stays out of consolidations until...
 * workers/&lt;worker-id&gt;/committed         ...this exists (task attempts of Spark jobs)
 * index/index-000001.duckdb           a consolidated index generation
 * index/index-000001.lookup           its label index, read by byte ranges (LabelIndex)
 * index/index-000001.files.parquet    its part files, for plain Parquet readers
 * compact/run-000007/plan.json        an optimization of generation 7: its shards and the worker parts it replaces
 * compact/run-000007/shard-000003/    one shard's label-contiguous part files and index.duckdb (written last)
 * compact/run-000007/shard-000003.lock  held by the worker optimizing that shard
 * </pre>
 * Paths stored inside the dataset are relative to the base, so a dataset can be moved or copied.
 */
public final class DatasetLayout {
    public static final String MANIFEST = "pocaduck.json";
    public static final String WORKERS = "workers";
    public static final String INDEX = "index";
    public static final String COMPACT = "compact";
    /** An index generation's files: the DuckDB index, its label index, and their temporary or WAL companions. */
    private static final Pattern INDEX_FILE = Pattern.compile("index-(\\d{6,})\\..+");
    private static final Pattern RUN_DIRECTORY = Pattern.compile("run-(\\d{6,})");
    private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern PART_FILE = Pattern.compile("part-(\\d{6,})\\.parquet");

    private final Path base;
    private final String location;

    public DatasetLayout(Path base) {
        this(base, base.toString());
    }

    /** The layout of local copies under {@code base} of the dataset at {@code location} (for messages). */
    public DatasetLayout(Path base, String location) {
        this.base = base;
        this.location = location;
    }

    public Path base() {
        return base;
    }

    /** Where the dataset is, for messages: its directory, or its object-store URI when {@link #base} holds copies. */
    public String location() {
        return location;
    }

    public Path manifest() {
        return base.resolve(MANIFEST);
    }

    public Path workersDirectory() {
        return base.resolve(WORKERS);
    }

    public Path workerDirectory(String workerId) {
        return workersDirectory().resolve(workerId);
    }

    /** A worker's index relative to the base. */
    public static String workerIndex(String workerId) {
        return WORKERS + "/" + workerId + "/index.duckdb";
    }

    public Path workerLock(String workerId) {
        return workerDirectory(workerId).resolve("worker.lock");
    }

    /** Written when an Ingestor opens with {@code commitRequired}; relative to the base. */
    public static String commitRequiredMarker(String workerId) {
        return WORKERS + "/" + workerId + "/commit-required";
    }

    /** Written by {@code Ingestor.commitWorker}; relative to the base. */
    public static String committedMarker(String workerId) {
        return WORKERS + "/" + workerId + "/committed";
    }

    /** A part file's path relative to the base, as stored in indexes. */
    public static String partFile(String workerId, int part) {
        return WORKERS + "/" + workerId + "/" + String.format("part-%06d.parquet", part);
    }

    /** The part number of a part file name, or -1 when the name is not one. */
    public static int partNumber(String fileName) {
        var matcher = PART_FILE.matcher(fileName);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    public Path indexDirectory() {
        return base.resolve(INDEX);
    }

    public Path consolidationLock() {
        return indexDirectory().resolve("consolidate.lock");
    }

    /** A consolidated index file's path relative to the base. */
    public static String indexFile(long generation) {
        return INDEX + "/" + String.format("index-%06d.duckdb", generation);
    }

    /** The generation a file of the index directory belongs to, or -1 when the name is not one of an index's files. */
    public static long indexGeneration(String fileName) {
        var matcher = INDEX_FILE.matcher(fileName);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /**
     * The Parquet list of the part files of the generation whose DuckDB index is {@code indexFile}, relative to the
     * base: every row of those files, and no other, belongs to the generation, so any Parquet reader gets exactly the
     * dataset's points from them.
     */
    public static String liveFiles(String indexFile) {
        return indexFile.substring(0, indexFile.length() - ".duckdb".length()) + ".files.parquet";
    }

    public Path compactDirectory() {
        return base.resolve(COMPACT);
    }

    /** The directory of the optimization of {@code sourceGeneration}, relative to the base. */
    public static String optimizationRun(long sourceGeneration) {
        return COMPACT + "/" + String.format("run-%06d", sourceGeneration);
    }

    /** The source generation of an optimization run directory name, or -1 when the name is not one. */
    public static long runGeneration(String directoryName) {
        var matcher = RUN_DIRECTORY.matcher(directoryName);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** A run's plan, relative to the base. */
    public static String runPlan(String run) {
        return run + "/plan.json";
    }

    /** A shard's directory relative to the base; it holds the shard's part files and, once complete, its index. */
    public static String shardDirectory(String run, int shard) {
        return run + "/" + String.format("shard-%06d", shard);
    }

    /** A shard's part file relative to the base. */
    public static String shardPart(String run, int shard, int part) {
        return shardDirectory(run, shard) + "/" + String.format("part-%06d.parquet", part);
    }

    /** A shard's index relative to the base: it exists only once every part file of the shard is durable. */
    public static String shardIndex(String run, int shard) {
        return shardDirectory(run, shard) + "/index.duckdb";
    }

    /** Held by the worker optimizing a shard; outside the shard directory, which a restarted worker clears. */
    public Path shardLock(String run, int shard) {
        return resolve(shardDirectory(run, shard) + ".lock");
    }

    /** Resolves a path stored in the dataset (always '/'-separated and relative) against the base. */
    public Path resolve(String relativePath) {
        return base.resolve(relativePath);
    }

    /**
     * Checks that a worker id is safe as a directory name on every platform: 1 to 128 characters of letters,
     * digits, '.', '_' and '-', not starting with '.', '_' or '-'.
     */
    public static String validateWorkerId(String workerId) {
        if (workerId == null || !WORKER_ID.matcher(workerId).matches()) {
            throw new IllegalArgumentException("worker id " + (workerId == null ? "null" : "'" + workerId + "'")
                    + " is not a safe file name; expected 1 to 128 letters, digits, '.', '_' or '-', starting with"
                    + " a letter or digit");
        }
        return workerId;
    }
}
