package org.pocaduck;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link PythonDatasetImport} converts a dataset. Immutable; change with the {@code with...} methods.
 */
public final class ImportOptions {
    /** Receives the progress of an import, from any of its worker threads, one call at a time. */
    @FunctionalInterface
    public interface Progress {
        /** {@code pointsDone} of the source's {@code pointsTotal} points have been read and written. */
        void update(long pointsDone, long pointsTotal);
    }

    private static final Progress SILENT = (done, total) -> { };
    private static final ImportOptions DEFAULTS = new ImportOptions(
            Math.max(1, Runtime.getRuntime().availableProcessors()), false, null, SILENT);

    private final int workers;
    private final boolean deduplicate;
    private final PointSchema schema;
    private final Progress progress;

    private ImportOptions(int workers, boolean deduplicate, PointSchema schema, Progress progress) {
        this.workers = workers;
        this.deduplicate = deduplicate;
        this.schema = schema;
        this.progress = progress;
    }

    public static ImportOptions defaults() {
        return DEFAULTS;
    }

    /** Parallel workers, each a thread with its own {@link Ingestor}. Default: the number of processors. */
    public ImportOptions withWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers is " + workers + "; expected 1 or more");
        }
        return new ImportOptions(workers, deduplicate, schema, progress);
    }

    /**
     * Whether to write each distinct point of a label once — the first of its copies in the source's storage order,
     * in that copy's block. Default {@code false}: every stored point is written, duplicates included.
     */
    public ImportOptions withDeduplication(boolean deduplicate) {
        return new ImportOptions(workers, deduplicate, schema, progress);
    }

    /**
     * The new dataset's schema: one column per value of a Python point, e.g. x, y, z, supervoxel. The Python
     * library stores int64 values; they are converted into other column types only when nothing is lost.
     * Default: int64 columns {@code x, y, z, attr_3, ...}.
     */
    public ImportOptions withSchema(PointSchema schema) {
        return new ImportOptions(workers, deduplicate, Objects.requireNonNull(schema, "schema"), progress);
    }

    /** Receives progress while the import runs. Default: none. */
    public ImportOptions withProgress(Progress progress) {
        return new ImportOptions(workers, deduplicate, schema, Objects.requireNonNull(progress, "progress"));
    }

    public int workers() {
        return workers;
    }

    public boolean deduplicate() {
        return deduplicate;
    }

    public Optional<PointSchema> schema() {
        return Optional.ofNullable(schema);
    }

    public Progress progress() {
        return progress;
    }

    @Override
    public String toString() {
        return "ImportOptions[workers=" + workers + ", deduplicate=" + deduplicate
                + (schema == null ? "" : ", schema=" + schema) + "]";
    }
}
