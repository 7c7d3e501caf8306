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
    /** Default Parquet row group: small enough that a small label decodes little, large enough to compress well. */
    public static final int DEFAULT_ROW_GROUP_SIZE = 65_536;

    private static final IngestorOptions DEFAULTS =
            new IngestorOptions(DEFAULT_MAX_POINTS_PER_FILE, DEFAULT_ROW_GROUP_SIZE, null);

    private final long maxPointsPerFile;
    private final int rowGroupSize;
    private final PointSchema schema;

    private IngestorOptions(long maxPointsPerFile, int rowGroupSize, PointSchema schema) {
        this.maxPointsPerFile = maxPointsPerFile;
        this.rowGroupSize = rowGroupSize;
        this.schema = schema;
    }

    public static IngestorOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The most points one Parquet part file holds; the buffer is flushed when it reaches this many points, and a
     * chunk that does not fit continues in the next file. Default {@value #DEFAULT_MAX_POINTS_PER_FILE}.
     */
    public IngestorOptions withMaxPointsPerFile(long maxPointsPerFile) {
        if (maxPointsPerFile < 1 || maxPointsPerFile > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxPointsPerFile is " + maxPointsPerFile
                    + "; expected 1 to " + (Integer.MAX_VALUE - 8));
        }
        return new IngestorOptions(maxPointsPerFile, rowGroupSize, schema);
    }

    /** Rows per Parquet row group. Default {@value #DEFAULT_ROW_GROUP_SIZE}. */
    public IngestorOptions withRowGroupSize(int rowGroupSize) {
        if (rowGroupSize < 1024) {
            throw new IllegalArgumentException("rowGroupSize is " + rowGroupSize + "; expected at least 1024");
        }
        return new IngestorOptions(maxPointsPerFile, rowGroupSize, schema);
    }

    /**
     * The dataset's point schema. Required to match when the dataset already exists; when absent, a new dataset's
     * schema is inferred from the first write (see {@link PointSchema}).
     */
    public IngestorOptions withSchema(PointSchema schema) {
        return new IngestorOptions(maxPointsPerFile, rowGroupSize, Objects.requireNonNull(schema, "schema"));
    }

    public long maxPointsPerFile() {
        return maxPointsPerFile;
    }

    public int rowGroupSize() {
        return rowGroupSize;
    }

    public Optional<PointSchema> schema() {
        return Optional.ofNullable(schema);
    }

    @Override
    public String toString() {
        return "IngestorOptions[maxPointsPerFile=" + maxPointsPerFile + ", rowGroupSize=" + rowGroupSize
                + ", schema=" + (schema == null ? "inferred" : schema) + "]";
    }
}
