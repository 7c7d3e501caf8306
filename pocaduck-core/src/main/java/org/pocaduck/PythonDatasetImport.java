package org.pocaduck;

import java.util.Objects;
import org.pocaduck.internal.upstream.UpstreamImporter;

/**
 * Converts a dataset written by the Python PoCADuck into this library's format, leaving the source untouched.
 *
 * <pre>{@code
 * ImportSummary summary = PythonDatasetImport.run(StorageConfig.local(Path.of("/data/py")),
 *         StorageConfig.local(Path.of("/data/pc")), ImportOptions.defaults().withWorkers(4));
 * }</pre>
 *
 * <p>The blockwise layout ({@code unified_index.db}) is read when all its files are present, since only it keeps block
 * ids; otherwise the optimized layout, whose points all go to the block {@value #OPTIMIZED_BLOCK_ID}. Counts follow
 * {@link Query}'s rules for Python datasets (an index row repeated by a repeated consolidation counts once).
 * {@link ImportOptions#workers()} threads, each with its own {@link Ingestor} ({@code python-import-1}, ...), take the
 * source files in groups of about a million points, each file read once (with deduplication: batches of labels, each
 * reading the files of its labels once); then the indexes are consolidated and every label's count in the new dataset is checked against
 * the source.
 */
public final class PythonDatasetImport {
    /** The block id of points imported from the optimized layout, which keeps no block ids. */
    public static final String OPTIMIZED_BLOCK_ID = "optimized";

    private PythonDatasetImport() {
    }

    public static ImportSummary run(StorageConfig source, StorageConfig target) {
        return run(source, target, ImportOptions.defaults());
    }

    /**
     * Imports the Python dataset at {@code source} into the new dataset at {@code target}.
     *
     * @throws DatasetNotFoundException if {@code source} holds no consolidated Python dataset
     * @throws IllegalArgumentException if {@code target} is not a new or empty directory outside {@code source}, or
     *     the options' schema does not have one column per value of the source's points
     * @throws PocaduckException if a file is missing, or a label's count in the new dataset differs from the source
     */
    public static ImportSummary run(StorageConfig source, StorageConfig target, ImportOptions options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        if (!source.isLocal() || !target.isLocal()) {
            throw new IllegalArgumentException("import from " + source.location() + " into " + target.location()
                    + " needs two local directories; import locally, then copy the new dataset's directory to the"
                    + " object store");
        }
        return new UpstreamImporter(source.base(), target, options).run();
    }
}
