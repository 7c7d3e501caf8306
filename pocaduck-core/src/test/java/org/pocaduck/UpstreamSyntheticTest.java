package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python datasets built here, for what the H01 fixture cannot show: big labels, repeated rows, broken files. */
class UpstreamSyntheticTest {
    /** 2^64 − 1 and 2^63: stored as −1 and Long.MIN_VALUE in the int64 Parquet and BIGINT optimized columns. */
    private static final long MAX_LABEL = -1L;
    private static final long HALF_LABEL = Long.MIN_VALUE;
    private static final long SMALL_LABEL = 5;

    private static final long[][] MAX_POINTS = {{1, 2, 3}, {4, 5, 6}};
    private static final long[][] HALF_POINTS = {{-7, 8, 9}};
    private static final long[][] SMALL_A = {{10, 20, 30}, {11, 21, 31}};
    private static final long[][] SMALL_B = {{12, 22, 32}};

    @TempDir
    Path dir;

    private UpstreamDatasetBuilder twoWorkers(Path base) {
        return new UpstreamDatasetBuilder(base)
                .write("0", 0, SMALL_LABEL, "1_0_0", SMALL_A)
                .write("0", 0, MAX_LABEL, "1_0_0", MAX_POINTS)
                .write("1", 0, SMALL_LABEL, "2_0_0", SMALL_B)
                .write("1", 1, HALF_LABEL, "2_0_0", HALF_POINTS);
    }

    @Test
    void labelsOfTwoToTheSixtyThreeAndAboveReadAsTheUnsignedValuesWritten() throws Exception {
        Path base = twoWorkers(dir.resolve("py")).build(1);

        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.getLabels()).containsExactly(SMALL_LABEL, HALF_LABEL, MAX_LABEL);
            assertThat(query.getPointCount(MAX_LABEL)).isEqualTo(2);
            assertThat(query.getPointCount(HALF_LABEL)).isEqualTo(1);
            assertThat(query.getBlocksForLabel(MAX_LABEL)).containsExactly("1_0_0");
            assertThat(query.getPoints(MAX_LABEL).toLongArray()).isEqualTo(MAX_POINTS);
            assertThat(query.getPoints(HALF_LABEL).toLongArray()).isEqualTo(HALF_POINTS);
            assertThat(query.getPoints(SMALL_LABEL).toLongArray())
                    .isEqualTo(new long[][] {SMALL_A[0], SMALL_A[1], SMALL_B[0]});
            assertThat(query.getBlocksForLabel(SMALL_LABEL)).containsExactly("1_0_0", "2_0_0");
            assertThat(query.verify()).isEmpty();
        }
    }

    @Test
    void theOptimizedIndexSignedLabelsMatchTheirPoints() throws Exception {
        Path base = new UpstreamDatasetBuilder(dir.resolve("py"))
                .write("0", 0, MAX_LABEL, "1_0_0", MAX_POINTS)
                .optimized("w1", "optimized_a.parquet", SMALL_LABEL, SMALL_A)
                .optimized("w1", "optimized_a.parquet", HALF_LABEL, HALF_POINTS)
                .optimized("w1", "optimized_b.parquet", MAX_LABEL, MAX_POINTS)
                .build(1);

        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.format()).isEqualTo(DatasetFormat.PYTHON_OPTIMIZED);
            assertThat(query.getLabels()).containsExactly(SMALL_LABEL, HALF_LABEL, MAX_LABEL);
            assertThat(query.getPointCount(MAX_LABEL)).isEqualTo(2);
            assertThat(query.getBlocksForLabel(MAX_LABEL)).isEmpty();
            assertThat(query.getPoints(HALF_LABEL).toLongArray()).isEqualTo(HALF_POINTS);
            assertThat(query.getPoints(MAX_LABEL).toLongArray()).isEqualTo(MAX_POINTS);
            assertThat(query.verify()).isEmpty();
        }
    }

    @Test
    void aConsolidationRunTwiceCountsEveryRowOnceAndVerifyNamesTheRepeatedRows() throws Exception {
        Path base = twoWorkers(dir.resolve("py")).build(2);

        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.getPointCount(SMALL_LABEL)).isEqualTo(3);
            assertThat(query.getPointCount(MAX_LABEL)).isEqualTo(2);
            assertThat(query.getPoints(SMALL_LABEL).size()).isEqualTo(3);
            assertThat(query.statistics().points()).isEqualTo(6);
            List<String> problems = query.verify();
            assertThat(problems).hasSize(4).allMatch(line -> line.startsWith("unified_index.db: index row (label "));
            assertThat(problems).anyMatch(line -> line.contains("label 18446744073709551615, block 1_0_0, file "
                    + Path.of("worker_0", "data", "0-0.parquet") + ", 2 points) appears 2 times, counted 1 time"));
        }
    }

    @Test
    void aWorkerConsolidatedMoreOftenThanAnotherHasOnlyItsRepeatsRemoved() throws Exception {
        Path base = twoWorkers(dir.resolve("py")).consolidatedTimes("0", 3).consolidatedTimes("1", 1).build(1);

        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.getPointCount(SMALL_LABEL)).isEqualTo(3);
            assertThat(query.getPointCount(MAX_LABEL)).isEqualTo(2);
            assertThat(query.getPointCount(HALF_LABEL)).isEqualTo(1);
            assertThat(query.verify()).hasSize(2)
                    .allMatch(line -> line.contains(Path.of("worker_0", "data", "0-0.parquet").toString()))
                    .allMatch(line -> line.contains("appears 3 times, counted 1 time"));
        }
    }

    @Test
    void rowsGenuinelyWrittenTwiceIntoOneFileAreBothCounted() throws Exception {
        Path base = new UpstreamDatasetBuilder(dir.resolve("py"))
                .write("0", 0, SMALL_LABEL, "1_0_0", SMALL_B)
                .write("0", 0, SMALL_LABEL, "1_0_0", SMALL_B)
                .write("0", 0, MAX_LABEL, "1_0_0", MAX_POINTS)
                .build(1);

        try (Query query = Query.open(StorageConfig.local(base));
                Query deduplicating = Query.open(StorageConfig.local(base),
                        QueryOptions.defaults().withDeduplication(true))) {
            assertThat(query.getPointCount(SMALL_LABEL)).isEqualTo(2);
            assertThat(query.getPoints(SMALL_LABEL).toLongArray()).isEqualTo(new long[][] {SMALL_B[0], SMALL_B[0]});
            assertThat(query.verify()).isEmpty();
            assertThat(deduplicating.getPointCount(SMALL_LABEL)).isEqualTo(2);
            assertThat(deduplicating.getPoints(SMALL_LABEL).toLongArray()).isEqualTo(new long[][] {SMALL_B[0]});
        }
    }

    @Test
    void deduplicationSortsLikeNumPyUnique() throws Exception {
        Path base = new UpstreamDatasetBuilder(dir.resolve("py"))
                .write("0", 0, SMALL_LABEL, "b", new long[][] {{3, 1, 1}, {-2, 5, 5}, {3, 0, 9}, {-2, 5, 5}})
                .build(1);

        try (Query query = Query.open(StorageConfig.local(base), QueryOptions.defaults().withDeduplication(true))) {
            assertThat(query.getPoints(SMALL_LABEL).toLongArray())
                    .isEqualTo(new long[][] {{-2, 5, 5}, {3, 0, 9}, {3, 1, 1}});
        }
    }

    @Test
    void aMissingFileIsNamedByReadsAndByVerify() throws Exception {
        Path base = twoWorkers(dir.resolve("py")).build(1);
        Path missing = base.resolve("worker_1/data/1-1.parquet");
        Files.delete(missing);

        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.getPointCount(HALF_LABEL)).isEqualTo(1);
            assertThatThrownBy(() -> query.getPoints(HALF_LABEL)).isInstanceOf(PocaduckException.class)
                    .hasMessageContaining(missing.toString()).hasMessageContaining("missing")
                    .hasMessageContaining(UpstreamDatasetBuilder.ORIGINAL_BASE + "/worker_1/data/1-1.parquet");
            assertThat(query.verify()).containsExactly(Path.of("worker_1", "data", "1-1.parquet")
                    + ": missing (the index names " + UpstreamDatasetBuilder.ORIGINAL_BASE
                    + "/worker_1/data/1-1.parquet)");
        }
    }

    @Test
    void verifyNamesRowsTheIndexDoesNotMatch() throws Exception {
        Path base = twoWorkers(dir.resolve("py")).build(1);
        // Another dataset's file of the same name, holding other rows: as if files were mixed up while copying.
        Path other = new UpstreamDatasetBuilder(dir.resolve("other"))
                .write("1", 1, HALF_LABEL, "2_0_0", new long[][] {{1, 1, 1}, {2, 2, 2}})
                .write("1", 1, SMALL_LABEL, "2_0_0", SMALL_B)
                .build(1);
        Files.copy(other.resolve("worker_1/data/1-1.parquet"), base.resolve("worker_1/data/1-1.parquet"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.verify()).containsExactly(
                    Path.of("worker_1", "data", "1-1.parquet") + ": label 9223372036854775808 has 2 rows, the index"
                            + " says 1",
                    Path.of("worker_1", "data", "1-1.parquet") + ": 1 rows of label 5 are not in the index; no query"
                            + " reaches them");
            assertThat(query.getPoints(SMALL_LABEL).toLongArray())
                    .isEqualTo(new long[][] {SMALL_A[0], SMALL_A[1], SMALL_B[0]});
            assertThat(query.getPoints(HALF_LABEL).toLongArray()).isEqualTo(new long[][] {{1, 1, 1}, {2, 2, 2}});
        }
    }

    @Test
    void floatingPointPayloadsAreRefusedRatherThanTruncated() throws Exception {
        Path base = twoWorkers(dir.resolve("py")).build(1);
        Path file = base.resolve("worker_0/data/0-0.parquet");
        try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.PreparedStatement rewrite = duck.prepareStatement("COPY (SELECT label, block_id,"
                        + " [0.5, 1.0, 2.0]::DOUBLE[] AS data FROM read_parquet(?)) TO (?) (FORMAT parquet)")) {
            rewrite.setString(1, file.toString());
            rewrite.setString(2, file.resolveSibling("float.parquet").toString());
            rewrite.execute();
        }
        Files.move(file.resolveSibling("float.parquet"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> Query.open(StorageConfig.local(base))).isInstanceOf(PocaduckException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("DOUBLE[]")
                .hasMessageContaining("expected a list of integers");
    }

    @Test
    void aDirectoryWithNeitherLayoutIsNotADataset() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("nothing"));

        assertThatThrownBy(() -> Query.open(StorageConfig.local(empty))).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("pocaduck.json")
                .hasMessageContaining("unified_index.db");
    }

    @Test
    void workersWithoutAUnifiedIndexHaveNotBeenConsolidated() throws Exception {
        Path base = twoWorkers(dir.resolve("py")).build(0);

        assertThatThrownBy(() -> Query.open(StorageConfig.local(base))).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("unified_index.db").hasMessageContaining("consolidate_indexes");
    }
}
