package org.pocaduck.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.pocaduck.DatasetSnapshot;
import org.pocaduck.H01Sample;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import org.pocaduck.s3.S3ProxyServer;

/**
 * The same job code writes into a bucket: the H01 sample ingested and optimized through Spark into S3 (s3proxy on
 * 127.0.0.1) answers like the same job on local disk.
 */
class SparkObjectStoreTest {
    private static final StructType H01_COLUMNS = new StructType()
            .add("label", DataTypes.LongType, false).add("block_id", DataTypes.StringType, false)
            .add("x", DataTypes.LongType, false).add("y", DataTypes.LongType, false)
            .add("z", DataTypes.LongType, false).add("supervoxel", DataTypes.LongType, false);

    private static SparkSession spark;
    private static S3ProxyServer server;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        spark = LocalSpark.start("local[2]");
        server = new S3ProxyServer();
    }

    @AfterAll
    static void stop() throws Exception {
        spark.stop();
        server.close();
    }

    @Test
    void ingestAndOptimizeIntoABucketAnswerLikeOnDisk() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (H01Sample.Row row : H01Sample.rows()) {
            rows.add(RowFactory.create(row.label(), row.blockId(), row.point().get(0), row.point().get(1),
                    row.point().get(2), row.point().get(3)));
        }
        Dataset<Row> points = spark.createDataFrame(rows, H01_COLUMNS);
        StorageConfig disk = StorageConfig.local(temp.resolve("disk"));
        StorageConfig bucket = server.config("s3://" + S3ProxyServer.BUCKET + "/spark/h01");

        for (StorageConfig config : List.of(disk, bucket)) {
            IngestSummary summary = PocaduckSpark.ingest(points, config);
            assertThat(summary.consolidation().points()).isEqualTo(rows.size());
        }
        assertSameAnswers(disk, bucket);

        OptimizerOptions smallFiles = OptimizerOptions.defaults().withTargetFileBytes(1024);
        for (StorageConfig config : List.of(disk, bucket)) {
            assertThat(PocaduckSpark.optimize(spark, config, smallFiles).pointsWritten()).isEqualTo(rows.size());
        }
        assertSameAnswers(disk, bucket);
        try (Query query = Query.open(bucket)) {
            assertThat(query.statistics().fullyOptimized()).isTrue();
            assertThat(query.verify()).isEmpty();
        }
    }

    private static void assertSameAnswers(StorageConfig disk, StorageConfig bucket) {
        try (Query onDisk = Query.open(disk); Query inBucket = Query.open(bucket)) {
            assertThat(inBucket.getLabels()).containsExactly(onDisk.getLabels());
            for (long label : onDisk.getLabels()) {
                assertThat(inBucket.getBlocksForLabel(label)).isEqualTo(onDisk.getBlocksForLabel(label));
                assertThat(DatasetSnapshot.rows(inBucket.getPoints(label)))
                        .isEqualTo(DatasetSnapshot.rows(onDisk.getPoints(label)));
            }
        }
    }
}
