package org.pocaduck.spark;

import java.util.Objects;
import org.pocaduck.IngestorOptions;

/**
 * How {@link PocaduckSpark#ingest} distributes the points. Immutable; change with the {@code with...} methods:
 * {@code SparkIngestOptions.defaults().withPartitions(400)}.
 */
public final class SparkIngestOptions {
    private static final SparkIngestOptions DEFAULTS = new SparkIngestOptions(IngestorOptions.defaults(), 0, false);

    private final IngestorOptions ingestorOptions;
    private final int partitions;
    private final boolean groupedByBlock;

    private SparkIngestOptions(IngestorOptions ingestorOptions, int partitions, boolean groupedByBlock) {
        this.ingestorOptions = ingestorOptions;
        this.partitions = partitions;
        this.groupedByBlock = groupedByBlock;
    }

    /** Default Ingestor options, {@code spark.sql.shuffle.partitions} tasks, points shuffled by block. */
    public static SparkIngestOptions defaults() {
        return DEFAULTS;
    }

    /**
     * How each task's Ingestor writes (file size, row group size, writer threads). A declared schema must equal the
     * one the Dataset's columns give. Each task attempt always writes with {@code withCommitRequired()}.
     */
    public SparkIngestOptions withIngestorOptions(IngestorOptions ingestorOptions) {
        return new SparkIngestOptions(Objects.requireNonNull(ingestorOptions, "ingestorOptions"), partitions,
                groupedByBlock);
    }

    /**
     * Tasks, so workers and at least as many part files, that the points are shuffled into; 0 (the default) uses
     * {@code spark.sql.shuffle.partitions}. Ignored with {@link #withInputGroupedByBlock()}.
     */
    public SparkIngestOptions withPartitions(int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions is " + partitions
                    + "; expected 1 or more, or 0 for spark.sql.shuffle.partitions");
        }
        return new SparkIngestOptions(ingestorOptions, partitions, groupedByBlock);
    }

    /**
     * Writes each partition of the Dataset as it is, without a shuffle: for points computed block by block, whose
     * partitions already hold whole blocks with each (label, block) in consecutive rows. Shuffling 10^11 points costs
     * more than writing them. Rows in any other order are still stored exactly once, in more and smaller chunks.
     */
    public SparkIngestOptions withInputGroupedByBlock() {
        return new SparkIngestOptions(ingestorOptions, partitions, true);
    }

    public IngestorOptions ingestorOptions() {
        return ingestorOptions;
    }

    public int partitions() {
        return partitions;
    }

    public boolean inputGroupedByBlock() {
        return groupedByBlock;
    }

    @Override
    public String toString() {
        return "SparkIngestOptions[" + ingestorOptions + ", partitions=" + (partitions == 0 ? "default" : partitions)
                + (groupedByBlock ? ", input grouped by block" : "") + "]";
    }
}
