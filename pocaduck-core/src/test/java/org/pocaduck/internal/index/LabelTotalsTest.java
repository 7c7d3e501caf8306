package org.pocaduck.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pocaduck.ColumnType;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.StorageConfig;

/**
 * The {@code labels} table of a generation index, which a consolidation fills from the totals it collects while
 * writing label pages, holds what SQL computes from the index's {@code chunks} table: point counts, distinct blocks
 * and files, and bounds with SQL's treatment of NaN (above every number). Random labels, blocks and NaN coordinates,
 * several part files per worker, two workers, then an incremental segment from a third.
 */
class LabelTotalsTest {
    private static final PointSchema SCHEMA = PointSchema.of(ColumnType.FLOAT64, "x", "y", "z");

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theLabelsTableIsWhatSqlAggregatesFromTheChunks(long seed) throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("dataset"));
        SplittableRandom random = new SplittableRandom(seed);
        IngestorOptions options = IngestorOptions.defaults().withSchema(SCHEMA).withMaxPointsPerFile(300);
        for (String worker : new String[] {"a", "b"}) {
            ingest(config, worker, options, random);
        }
        Ingestor.consolidateIndexes(config);
        ingest(config, "c", options, random);
        Ingestor.consolidateIndexes(config);

        for (String index : new String[] {"index-000001.duckdb", "index-000002.duckdb"}) {
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                    Statement statement = duck.createStatement()) {
                statement.execute("ATTACH '" + temp.resolve("dataset/index").resolve(index) + "' AS g (READ_ONLY)");
                String expected = "SELECT label, sum(point_count)::BIGINT AS point_count,"
                        + " count(DISTINCT block_id)::INTEGER AS block_count,"
                        + " count(DISTINCT file_id)::INTEGER AS file_count,"
                        + " min(min_0), max(max_0), min(min_1), max(max_1), min(min_2), max(max_2)"
                        + " FROM g.chunks GROUP BY label";
                try (ResultSet counts = statement.executeQuery("SELECT (SELECT count(*) FROM g.labels),"
                        + " (SELECT count(*) FROM (" + expected + ")),"
                        + " (SELECT count(*) FROM (SELECT * FROM g.labels EXCEPT " + expected + ")),"
                        + " (SELECT count(*) FROM (" + expected + " EXCEPT SELECT * FROM g.labels)),"
                        + " (SELECT count(*) FROM g.labels WHERE isnan(max_0)),"
                        + " (SELECT count(*) FROM g.labels WHERE block_count > 1 AND file_count > 1)")) {
                    counts.next();
                    assertThat(counts.getLong(1)).as("labels in %s", index).isEqualTo(counts.getLong(2))
                            .isPositive();
                    assertThat(counts.getLong(3)).as("rows of %s's labels SQL does not compute", index).isZero();
                    assertThat(counts.getLong(4)).as("rows SQL computes that %s's labels lack", index).isZero();
                    assertThat(counts.getLong(5)).as("labels of %s with a NaN maximum", index).isPositive();
                    assertThat(counts.getLong(6)).as("labels of %s in several blocks and files", index)
                            .isPositive();
                }
                try (ResultSet order = statement.executeQuery("SELECT count(*) FROM (SELECT label,"
                        + " lag(label) OVER () AS previous FROM g.labels) WHERE previous >= label")) {
                    order.next();
                    assertThat(order.getLong(1)).as("labels of %s out of order", index).isZero();
                }
            }
        }
    }

    /** Writes chunks of a few labels in a few blocks, one coordinate in fifty NaN, in several flushes. */
    private static void ingest(StorageConfig config, String worker, IngestorOptions options, SplittableRandom random)
            throws Exception {
        try (Ingestor ingestor = Ingestor.open(config, worker, options)) {
            for (int chunk = 0; chunk < 60; chunk++) {
                int size = 1 + random.nextInt(40);
                double[][] columns = new double[3][size];
                for (int i = 0; i < size; i++) {
                    for (int d = 0; d < 3; d++) {
                        columns[d][i] = random.nextInt(50) == 0 ? Double.NaN : random.nextInt(-1000, 1000) / 4.0;
                    }
                }
                long label = random.nextInt(12) == 0 ? -1L - random.nextInt(3) : 1 + random.nextInt(20);
                ingestor.write(label, "b" + random.nextInt(6),
                        PointCloud.ofColumns(SCHEMA, columns[0], columns[1], columns[2]));
                if (random.nextInt(15) == 0) {
                    ingestor.flush();
                }
            }
        }
    }
}
