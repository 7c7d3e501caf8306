package org.pocaduck.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.IngestorOptions;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;

/**
 * A task attempt that has written and flushed points and then fails leaves nothing visible: Spark retries the task
 * (master {@code local[2,4]} allows 3 retries), the retry is committed, and every label holds exactly its points.
 */
class SparkRetryTest {
    private static final int PARTITIONS = 2;
    private static final int POINTS_PER_PARTITION = 5_000;
    /** Partition 0's first attempt fails after this many points; with files of 1,000 points, 2 files are flushed. */
    private static final int POINTS_BEFORE_FAILURE = 2_500;
    private static final int LABELS = 7;

    private static SparkSession spark;

    @TempDir
    Path temp;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("local[2,4]");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** Point i of partition p: label i mod 7, in block p_(i / 1000), at (p, i, -i). */
    private static Iterator<Row> points(int partition, boolean failHalfway) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (failHalfway && next == POINTS_BEFORE_FAILURE) {
                    throw new IllegalStateException("injected failure of the first attempt of partition " + partition);
                }
                return next < POINTS_PER_PARTITION;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return RowFactory.create((long) (i % LABELS), partition + "_" + i / 1_000, (long) partition, (long) i,
                        (long) -i);
            }
        };
    }

    @Test
    void aFailedAttemptThatFlushedPointsIsNeverVisibleAndItsRetryIsCommitted() throws IOException {
        StorageConfig config = StorageConfig.local(temp.resolve("retried"));
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(List.of(0, 1), PARTITIONS)
                .mapPartitionsWithIndex((partition, ignored) -> points(partition,
                        partition == 0 && TaskContext.get().attemptNumber() == 0), false);
        StructType columns = new StructType().add("label", DataTypes.LongType).add("block_id", DataTypes.StringType)
                .add("x", DataTypes.LongType).add("y", DataTypes.LongType).add("z", DataTypes.LongType);
        Dataset<Row> points = spark.createDataFrame(rows, columns);

        IngestSummary summary = PocaduckSpark.ingest(points, config, SparkIngestOptions.defaults()
                .withInputGroupedByBlock().withIngestorOptions(IngestorOptions.defaults().withMaxPointsPerFile(1_000)));

        List<String> uncommitted = summary.consolidation().uncommittedWorkers();
        assertThat(uncommitted).hasSize(1);
        String failed = uncommitted.get(0);
        assertThat(failed).matches("spark-[0-9a-f]{12}-p0-s0-a0");
        String jobTag = failed.substring(0, failed.indexOf("-p0"));
        assertThat(summary.committedWorkers()).containsExactlyInAnyOrder(jobTag + "-p0-s0-a1", jobTag + "-p1-s0-a0");
        try (Stream<Path> files = Files.list(config.base().resolve("workers").resolve(failed))) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".parquet")))
                    .as("the failed attempt flushed part files before it failed").hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(summary.points()).isEqualTo(PARTITIONS * POINTS_PER_PARTITION);
        assertThat(summary.consolidation().points()).isEqualTo(PARTITIONS * POINTS_PER_PARTITION);
        try (Query query = Query.open(config)) {
            for (long label = 0; label < LABELS; label++) {
                List<String> expected = new ArrayList<>();
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    for (int i = (int) label; i < POINTS_PER_PARTITION; i += LABELS) {
                        expected.add(partition + "," + i + "," + -i);
                    }
                }
                List<String> read = new ArrayList<>();
                for (long[] point : query.getPoints(label).toLongArray()) {
                    read.add(point[0] + "," + point[1] + "," + point[2]);
                }
                assertThat(read).as("points of label %d", label).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }
}
