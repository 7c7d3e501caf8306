package org.pocaduck;

import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * How an {@link Optimizer} rewrites a dataset. Immutable; change with the {@code with...} methods:
 * {@code OptimizerOptions.defaults().withThreads(4).withDeduplication(true)}.
 */
public final class OptimizerOptions {
    /**
     * Default target size of an optimized file: 256 MiB. Large files keep the file count (and object-store request
     * count) low; a label's read costs one range of one file whatever the file size.
     */
    public static final long DEFAULT_TARGET_FILE_BYTES = 256L << 20;
    /**
     * Default rows per row group of optimized files: 8,192, as in ingested ones. A small label's read fetches its row
     * group's column chunks, about 3 bytes per row, so small groups keep it small (21 KB from a bucket for a ~50-point
     * label, 192 KB with 65,536); the index keeps the files' row-group layouts, so their larger footers are never on
     * the read path.
     */
    public static final int DEFAULT_ROW_GROUP_SIZE = 8_192;
    /** Default threads: 1, because optimize workers usually run one per core, like ingestion workers. */
    public static final int DEFAULT_THREADS = 1;

    private static final LongConsumer NO_PROGRESS = points -> { };
    private static final OptimizerOptions DEFAULTS = new OptimizerOptions(DEFAULT_TARGET_FILE_BYTES, false,
            DEFAULT_THREADS, DEFAULT_ROW_GROUP_SIZE, NO_PROGRESS);

    private final long targetFileBytes;
    private final boolean deduplicate;
    private final int threads;
    private final int rowGroupSize;
    private final LongConsumer progress;

    private OptimizerOptions(long targetFileBytes, boolean deduplicate, int threads, int rowGroupSize,
            LongConsumer progress) {
        this.targetFileBytes = targetFileBytes;
        this.deduplicate = deduplicate;
        this.threads = threads;
        this.rowGroupSize = rowGroupSize;
        this.progress = progress;
    }

    public static OptimizerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The size optimized files aim at, estimated from the dataset's bytes per point. It also sets the shard size
     * (one shard of labels per target file), so smaller files mean more shards to spread over workers.
     * Default {@value #DEFAULT_TARGET_FILE_BYTES}.
     */
    public OptimizerOptions withTargetFileBytes(long targetFileBytes) {
        if (targetFileBytes < 1024) {
            throw new IllegalArgumentException("targetFileBytes is " + targetFileBytes + "; expected at least 1024");
        }
        return new OptimizerOptions(targetFileBytes, deduplicate, threads, rowGroupSize, progress);
    }

    /**
     * Whether identical points of a label are stored once. Off by default: the optimized dataset then holds exactly
     * the points that were ingested. When on, a point equal in every column (bit for bit, so 0.0 and -0.0 differ) to
     * an earlier point of the same label — in any block — is dropped; the first one in optimized order is kept, with
     * its block. A block whose points of a label were all duplicates is then no longer listed for that label.
     */
    public OptimizerOptions withDeduplication(boolean deduplicate) {
        return new OptimizerOptions(targetFileBytes, deduplicate, threads, rowGroupSize, progress);
    }

    /** Shards optimized at once in this process by {@link Optimizer#optimize} and {@link Optimizer#optimizeShards}. */
    public OptimizerOptions withThreads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads is " + threads + "; expected 1 to 1024");
        }
        return new OptimizerOptions(targetFileBytes, deduplicate, threads, rowGroupSize, progress);
    }

    /**
     * Rows per Parquet row group of the optimized files (DuckDB rounds it up to a multiple of 2,048). Smaller groups
     * make a small label cheaper to read and each file's footer and stored layout larger, in proportion. Default
     * {@value #DEFAULT_ROW_GROUP_SIZE}.
     */
    public OptimizerOptions withRowGroupSize(int rowGroupSize) {
        if (rowGroupSize < 1024) {
            throw new IllegalArgumentException("rowGroupSize is " + rowGroupSize + "; expected at least 1024");
        }
        return new OptimizerOptions(targetFileBytes, deduplicate, threads, rowGroupSize, progress);
    }

    /** Receives the number of source points each step has read, from the threads doing the work. */
    public OptimizerOptions withProgress(LongConsumer progress) {
        return new OptimizerOptions(targetFileBytes, deduplicate, threads, rowGroupSize,
                Objects.requireNonNull(progress, "progress"));
    }

    public long targetFileBytes() {
        return targetFileBytes;
    }

    public boolean deduplicate() {
        return deduplicate;
    }

    public int threads() {
        return threads;
    }

    public int rowGroupSize() {
        return rowGroupSize;
    }

    public LongConsumer progress() {
        return progress;
    }

    @Override
    public String toString() {
        return "OptimizerOptions[targetFileBytes=" + targetFileBytes + ", deduplicate=" + deduplicate + ", threads="
                + threads + ", rowGroupSize=" + rowGroupSize + "]";
    }
}
