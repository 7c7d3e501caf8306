package org.pocaduck.internal.upstream;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.pocaduck.DatasetFormat;
import org.pocaduck.PocaduckException;

/**
 * The files of a dataset written by the Python PoCADuck, found under the directory the user gave. Its indexes store
 * absolute paths of the machine that wrote them; {@link #resolve} re-roots them onto this directory, so a copied
 * dataset reads from where it is now.
 *
 * <pre>
 * unified_index.db                        point_cloud_index(label UBIGINT, block_id, file_path, point_count)
 * worker_&lt;id&gt;/index_&lt;id&gt;.db           the same, for one worker
 * worker_&lt;id&gt;/data/&lt;id&gt;-&lt;n&gt;.parquet     (label int64, block_id, data int64[])
 * optimized/optimized_index.db            point_cloud_index(label BIGINT, file_path, point_count)
 * optimized/optimize_&lt;w&gt;/optimized_*.parquet                         (label int64, data int64[])
 * </pre>
 */
public final class UpstreamLayout {
    /** The names that mark a Python dataset, for messages. */
    public static final String MARKERS = "unified_index.db, worker_*/ or optimized/optimized_index.db";

    private static final String UNIFIED_INDEX = "unified_index.db";
    private static final String OPTIMIZED_DIRECTORY = "optimized";
    private static final String OPTIMIZED_INDEX = "optimized_index.db";
    private static final String WORKER_PREFIX = "worker_";

    private final Path base;

    private UpstreamLayout(Path base) {
        this.base = base;
    }

    /** The Python dataset at {@code base}, if the directory holds one. */
    public static Optional<UpstreamLayout> detect(Path base) {
        UpstreamLayout layout = new UpstreamLayout(base.toAbsolutePath().normalize());
        if (Files.isRegularFile(layout.unifiedIndex()) || Files.isRegularFile(layout.optimizedIndex())
                || hasWorkerDirectory(base)) {
            return Optional.of(layout);
        }
        return Optional.empty();
    }

    private static boolean hasWorkerDirectory(Path base) {
        if (!Files.isDirectory(base)) {
            return false;
        }
        try (DirectoryStream<Path> workers = Files.newDirectoryStream(base, WORKER_PREFIX + "*")) {
            for (Path worker : workers) {
                if (Files.isDirectory(worker)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    public Path base() {
        return base;
    }

    public Path unifiedIndex() {
        return base.resolve(UNIFIED_INDEX);
    }

    public Path optimizedIndex() {
        return base.resolve(OPTIMIZED_DIRECTORY).resolve(OPTIMIZED_INDEX);
    }

    /** The index of a layout. */
    public Path index(DatasetFormat format) {
        return format == DatasetFormat.PYTHON_OPTIMIZED ? optimizedIndex() : unifiedIndex();
    }

    /** The layout the Python library's {@code Query} reads: the optimized one when its index exists. */
    public DatasetFormat preferredForQuery() {
        return Files.isRegularFile(optimizedIndex()) ? DatasetFormat.PYTHON_OPTIMIZED : DatasetFormat.PYTHON;
    }

    /**
     * The stored path's place under this base: the stored path must end with
     * {@code worker_<id>/data/<file>} or {@code optimized/optimize_<w>/<file>} (either separator).
     *
     * @throws PocaduckException naming the path when it ends in neither
     */
    public Path resolve(String storedPath) {
        String[] parts = storedPath.split("[/\\\\]");
        int last = parts.length - 1;
        if (last >= 2 && !parts[last].isEmpty()) {
            boolean workerFile = parts[last - 2].startsWith(WORKER_PREFIX) && parts[last - 1].equals("data");
            boolean optimizedFile = parts[last - 2].equals(OPTIMIZED_DIRECTORY)
                    && parts[last - 1].startsWith("optimize_");
            if (workerFile || optimizedFile) {
                return base.resolve(parts[last - 2]).resolve(parts[last - 1]).resolve(parts[last]);
            }
        }
        throw new PocaduckException("the index names file '" + storedPath + "', which does not end with"
                + " worker_<id>/data/<file> or optimized/optimize_<worker>/<file>; cannot find it under " + base);
    }

    /** The stored path re-rooted onto this base, relative to it: how files are named in messages. */
    public String relativeName(String storedPath) {
        return base.relativize(resolve(storedPath)).toString();
    }

    @Override
    public String toString() {
        return "Python PoCADuck dataset " + base;
    }
}
