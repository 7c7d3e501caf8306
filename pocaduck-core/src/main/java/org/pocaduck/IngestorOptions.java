package org.pocaduck;

import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link Ingestor} writes. Immutable; change with the {@code with...} methods:
 * {@code IngestorOptions.defaults().withMaxPointsPerFile(5_000_000).withSchema(schema)}.
 */
public final class IngestorOptions {
    /** Default part-file size: 4 M points. Buffer memory is about this many points × (8 × D + 12) bytes. */
    public static final long DEFAULT_MAX_POINTS_PER_FILE = 4_000_000;
    /**
     * Default Parquet row group: 8,192 rows, as in optimized files. A small label's read fetches and decodes the column
     * chunks of its row group (about 3 bytes per row), so small groups keep a cold read from a bucket within 64 KB
     * (about 400 KB with 65,536) and a local one about 5 times faster; the index keeps the row-group layouts, so the
     * larger footers are never read. The largest labels decode in more pieces, somewhat slower until optimized.
     */
    public static final int DEFAULT_ROW_GROUP_SIZE = 8_192;

    /** Default writer threads: 1, because workers usually run one per core. */
    public static final int DEFAULT_WRITER_THREADS = 1;

    private static final IngestorOptions DEFAULTS =
            new IngestorOptions(DEFAULT_MAX_POINTS_PER_FILE, DEFAULT_ROW_GROUP_SIZE, DEFAULT_WRITER_THREADS, null, false);

    private final long maxPointsPerFile;
    private final int rowGroupSize;
    private final int writerThreads;
    private final PointSchema schema;
    private final boolean commitRequired;

    private IngestorOptions(long maxPointsPerFile, int rowGroupSize, int writerThreads, PointSchema schema,
            boolean commitRequired) {
        this.maxPointsPerFile = maxPointsPerFile;
        this.rowGroupSize = rowGroupSize;
        this.writerThreads = writerThreads;
        this.schema = schema;
        this.commitRequired = commitRequired;
    }

    public static IngestorOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The points of one Parquet part file. Once the buffer holds this many, the full files it makes are written and
     * the rest stays buffered; only {@link Ingestor#flush()} and {@link Ingestor#close()} write a smaller file. A
     * chunk that does not fit continues in the next file. Default {@value #DEFAULT_MAX_POINTS_PER_FILE}.
     */
    public IngestorOptions withMaxPointsPerFile(long maxPointsPerFile) {
        if (maxPointsPerFile < 1 || maxPointsPerFile > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxPointsPerFile is " + maxPointsPerFile
                    + "; expected 1 to " + (Integer.MAX_VALUE - 8));
        }
        return new IngestorOptions(maxPointsPerFile, rowGroupSize, writerThreads, schema, commitRequired);
    }

    /** Rows per Parquet row group. Default {@value #DEFAULT_ROW_GROUP_SIZE}. */
    public IngestorOptions withRowGroupSize(int rowGroupSize) {
        if (rowGroupSize < 1024) {
            throw new IllegalArgumentException("rowGroupSize is " + rowGroupSize + "; expected at least 1024");
        }
        return new IngestorOptions(maxPointsPerFile, rowGroupSize, writerThreads, schema, commitRequired);
    }

    /**
     * Threads DuckDB uses to encode and compress this Ingestor's part files. The default suits the usual deployment,
     * one worker per core (measured on 2 cores with 10^7 points: 2 workers ingest 5.8–6.4 M points/s with 1 thread
     * each and 4.4–5.8 M with 2); raise it when a single worker has the machine to itself (1 worker: 4.4–5.2 M
     * points/s with 1 thread, 5.1–6.5 M with 2). Default {@value #DEFAULT_WRITER_THREADS}.
     */
    public IngestorOptions withWriterThreads(int writerThreads) {
        if (writerThreads < 1 || writerThreads > 1024) {
            throw new IllegalArgumentException("writerThreads is " + writerThreads + "; expected 1 to 1024");
        }
        return new IngestorOptions(maxPointsPerFile, rowGroupSize, writerThreads, schema, commitRequired);
    }

    /**
     * The dataset's point schema. Required to match when the dataset already exists; when absent, a new dataset's
     * schema is inferred from the first write (see {@link PointSchema}).
     */
    public IngestorOptions withSchema(PointSchema schema) {
        return new IngestorOptions(maxPointsPerFile, rowGroupSize, writerThreads, Objects.requireNonNull(schema, "schema"),
                commitRequired);
    }

    /**
     * Keeps everything this worker writes out of every consolidation until {@link Ingestor#commitWorker} names it.
     * For engines that retry or duplicate tasks (Spark): each attempt writes as its own worker id, the job commits
     * the one attempt per task that it accepted, and a failed, killed or speculative attempt never becomes visible.
     */
    public IngestorOptions withCommitRequired() {
        return new IngestorOptions(maxPointsPerFile, rowGroupSize, writerThreads, schema, true);
    }

    public long maxPointsPerFile() {
        return maxPointsPerFile;
    }

    public int rowGroupSize() {
        return rowGroupSize;
    }

    public int writerThreads() {
        return writerThreads;
    }

    public Optional<PointSchema> schema() {
        return Optional.ofNullable(schema);
    }

    public boolean commitRequired() {
        return commitRequired;
    }

    @Override
    public String toString() {
        return "IngestorOptions[maxPointsPerFile=" + maxPointsPerFile + ", rowGroupSize=" + rowGroupSize
                + ", writerThreads=" + writerThreads + ", schema=" + (schema == null ? "inferred" : schema)
                + (commitRequired ? ", commitRequired" : "") + "]";
    }
}
