package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datasets the Python PoCADuck wrote from the H01 sample, read from a copy at another absolute path, answer as
 * expected.json says — and as the Python library answers where it is asked to.
 */
class UpstreamFixtureTest {
    private static final Comparator<List<Long>> LEXICOGRAPHIC = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int order = Long.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    };

    @TempDir
    Path dir;

    @Test
    void theBlockwiseLayoutAnswersWhatTheDataHolds() throws IOException {
        Path base = UpstreamFixture.copy(UpstreamFixture.UNOPTIMIZED, dir.resolve("elsewhere/py"));
        Map<Long, H01Sample.Expected> expected = H01Sample.expected();

        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.format()).isEqualTo(DatasetFormat.PYTHON);
            assertThat(query.schema()).isEqualTo(PointSchema.of(ColumnType.INT64, "x", "y", "z", "attr_3"));
            assertThat(query.getLabels()).containsExactly(labels(expected));
            assertThat(query.streamLabels().toArray()).containsExactly(labels(expected));
            for (Map.Entry<Long, H01Sample.Expected> entry : expected.entrySet()) {
                long label = entry.getKey();
                H01Sample.Expected answer = entry.getValue();
                assertThat(query.getPointCount(label)).isEqualTo(answer.pointCount());
                assertThat(query.getBlocksForLabel(label)).isEqualTo(inStringOrder(answer.blockIds()));
                PointCloud points = query.getPoints(label);
                assertThat(points.size()).isEqualTo(answer.pointCount());
                assertThat(rows(points)).containsExactlyInAnyOrderElementsOf(csvRows(label));
            }
            assertThat(query.getPointCount(7)).isZero();
            assertThat(query.getBlocksForLabel(7)).isEmpty();
            assertThat(query.getPoints(7).isEmpty()).isTrue();
            assertThat(query.verify()).isEmpty();
            DatasetStatistics statistics = query.statistics();
            assertThat(statistics.labels()).isEqualTo(6);
            assertThat(statistics.points()).isEqualTo(787);
            assertThat(statistics.blocks()).isEqualTo(35);
        }
    }

    @Test
    void deduplicationGivesThePythonBlockwiseAnswerExactly() throws IOException {
        Path base = UpstreamFixture.copy(UpstreamFixture.UNOPTIMIZED, dir.resolve("py"));
        Map<Long, H01Sample.Expected> expected = H01Sample.expected();

        try (Query query = Query.open(StorageConfig.local(base), QueryOptions.defaults().withDeduplication(true))) {
            for (long label : expected.keySet()) {
                PointCloud points = query.getPoints(label);
                assertThat(points.size()).isEqualTo(expected.get(label).distinctPointCount());
                assertThat(rows(points)).isEqualTo(distinctSorted(csvRows(label)));
            }
        }
    }

    @Test
    void theOptimizedLayoutAnswersAsThePythonLibrary() throws IOException {
        Path base = UpstreamFixture.copy(UpstreamFixture.OPTIMIZED, dir.resolve("copied/optimized"));
        Map<Long, H01Sample.Expected> expected = H01Sample.expected();

        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.format()).isEqualTo(DatasetFormat.PYTHON_OPTIMIZED);
            assertThat(query.getLabels()).containsExactly(labels(expected));
            for (Map.Entry<Long, H01Sample.Expected> entry : expected.entrySet()) {
                long label = entry.getKey();
                assertThat(query.getPointCount(label)).isEqualTo(entry.getValue().distinctPointCount());
                assertThat(query.getBlocksForLabel(label)).isEmpty();
                assertThat(rows(query.getPoints(label))).isEqualTo(distinctSorted(csvRows(label)));
            }
            assertThat(query.verify()).isEmpty();
            assertThat(query.statistics().files()).isEqualTo(1);
        }
    }

    @Test
    void pointsOfChosenBlocksAddUpToTheLabelAndTheOptimizedLayoutHasNone() throws IOException {
        Path blockwise = UpstreamFixture.copy(UpstreamFixture.UNOPTIMIZED, dir.resolve("blockwise"));
        Path optimized = UpstreamFixture.copy(UpstreamFixture.OPTIMIZED, dir.resolve("optimized"));
        try (Query query = Query.open(StorageConfig.local(blockwise));
                Query optimizedQuery = Query.open(StorageConfig.local(optimized))) {
            for (long label : query.getLabels()) {
                List<String> blocks = query.getBlocksForLabel(label);
                List<String> rows = new java.util.ArrayList<>();
                for (String block : blocks) {
                    PointCloud inBlock = query.getPoints(label, List.of(block));
                    assertThat(inBlock.size()).as("points of %s in %s", label, block).isPositive();
                    rows.addAll(DatasetSnapshot.rows(inBlock));
                }
                rows.sort(null);
                assertThat(rows).isEqualTo(DatasetSnapshot.rows(query.getPoints(label)));
                assertThat(optimizedQuery.getPoints(label, blocks).size()).isZero();
            }
        }
    }

    /** Without bounds in the Python index every label is a candidate; exact answers come from the points read. */
    @Test
    void spatialQueriesFilterWhatTheyRead() throws IOException {
        for (String layout : List.of(UpstreamFixture.UNOPTIMIZED, UpstreamFixture.OPTIMIZED)) {
            Path base = UpstreamFixture.copy(layout, dir.resolve("spatial-" + layout));
            try (Query query = Query.open(StorageConfig.local(base))) {
                StoredDatasets.assertSameSpatialAnswers(query, query);
                Box everything = Box.of(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
                assertThat(query.getLabelsPossiblyInBox(Box.of(0, 0, 0, 0, 0, 0))).containsExactly(query.getLabels());
                assertThat(query.getLabels(everything)).containsExactly(query.getLabels());
            }
        }
    }

    @Test
    void aBatchReadAnswersLikeSingleReads() throws IOException {
        Path base = UpstreamFixture.copy(UpstreamFixture.UNOPTIMIZED, dir.resolve("py"));
        try (Query batch = Query.open(StorageConfig.local(base));
                Query single = Query.open(StorageConfig.local(base), QueryOptions.defaults().withCacheBytes(0))) {
            long[] labels = batch.getLabels();
            Map<Long, PointCloud> all = batch.getPoints(labels);
            assertThat(all.keySet()).containsExactly(Arrays.stream(labels).boxed().toArray(Long[]::new));
            for (long label : labels) {
                assertThat(all.get(label)).isEqualTo(single.getPoints(label));
            }
        }
    }

    @Test
    void readingNeverChangesTheDataset() throws IOException {
        for (String layout : List.of(UpstreamFixture.UNOPTIMIZED, UpstreamFixture.OPTIMIZED)) {
            Path base = UpstreamFixture.copy(layout, dir.resolve(layout));
            List<String> before = UpstreamFixture.snapshot(base);
            try (Query query = Query.open(StorageConfig.local(base))) {
                query.getPoints(query.getLabels());
                query.getPointCount(query.getLabels()[0]);
                query.getBlocksForLabel(query.getLabels()[0]);
                query.statistics();
                query.verify();
            }
            assertThat(UpstreamFixture.snapshot(base)).isEqualTo(before);
        }
    }

    private static long[] labels(Map<Long, H01Sample.Expected> expected) {
        return expected.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    private static List<String> inStringOrder(List<String> blocks) {
        return blocks.stream().sorted().toList();
    }

    static List<List<Long>> rows(PointCloud points) {
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : points.toLongArray()) {
            rows.add(Arrays.stream(row).boxed().toList());
        }
        return rows;
    }

    static List<List<Long>> csvRows(long label) throws IOException {
        return H01Sample.rows().stream().filter(row -> row.label() == label).map(H01Sample.Row::point).toList();
    }

    static List<List<Long>> distinctSorted(List<List<Long>> rows) {
        return rows.stream().distinct().sorted(LEXICOGRAPHIC).toList();
    }
}
