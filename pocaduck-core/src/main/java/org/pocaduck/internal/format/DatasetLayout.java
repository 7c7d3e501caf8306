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
 * index/index-000001.duckdb           a consolidated index generation
 * index/index-000001.labels           its memory-mapped label directory
 * </pre>
 * Paths stored inside the dataset are relative to the base, so a dataset can be moved or copied.
 */
public final class DatasetLayout {
    public static final String MANIFEST = "pocaduck.json";
    public static final String WORKERS = "workers";
    public static final String INDEX = "index";
    private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern PART_FILE = Pattern.compile("part-(\\d{6,})\\.parquet");

    private final Path base;

    public DatasetLayout(Path base) {
        this.base = base;
    }

    public Path base() {
        return base;
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

    public Path workerIndex(String workerId) {
        return workerDirectory(workerId).resolve("index.duckdb");
    }

    public Path workerLock(String workerId) {
        return workerDirectory(workerId).resolve("worker.lock");
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
