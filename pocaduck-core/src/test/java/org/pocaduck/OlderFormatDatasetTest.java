package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Datasets written by the library before indexes kept part-file layouts ({@code testdata/pocaduck-format1}: the H01
 * sample ingested by {@code pocaduck ingest --workers 2 --max-points-per-file 100 --consolidate}, and a copy then
 * optimized and cleaned up). They must read as they did, through their files' footers, and take new work.
 */
class FormatOneDatasetTest {
    private static final Path DIRECTORY = H01Sample.DIRECTORY.resolveSibling("pocaduck-format1");

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"consolidated", "optimized"})
    void answersEveryLabelOfTheSample(String state) throws Exception {
        StorageConfig config = StorageConfig.local(UpstreamFixture.copyTree(DIRECTORY.resolve(state),
                temp.resolve(state)));
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isEmpty();
            assertAnswersSample(query, Map.of());
        }
    }

    /** A late worker, a consolidation and an optimization by today's code mix files with and without layouts. */
    @ParameterizedTest
    @ValueSource(strings = {"consolidated", "optimized"})
    void takesALateWorkerAndAnOptimization(String state) throws Exception {
        StorageConfig config = StorageConfig.local(UpstreamFixture.copyTree(DIRECTORY.resolve(state),
                temp.resolve(state)));
        long existing = H01Sample.expected().keySet().iterator().next();
        long fresh = -7L;
        long[][] late = {{1, 2, 3, 4}, {5, 6, 7, 8}};
        try (Ingestor ingestor = Ingestor.open(config, "late")) {
            ingestor.write(existing, "late-block", late);
            ingestor.write(fresh, "late-block", late);
        }
        Ingestor.consolidateIndexes(config);
        Map<Long, long[][]> added = Map.of(existing, late, fresh, late);
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isEmpty();
            assertAnswersSample(query, added);
        }
        Optimizer.optimize(config);
        Optimizer.cleanup(config);
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isEmpty();
            assertAnswersSample(query, added);
        }
    }

    /** The sample's answers, plus {@code added} points in the block "late-block". */
    private static void assertAnswersSample(Query query, Map<Long, long[][]> added) throws Exception {
        Map<Long, List<long[]>> points = new HashMap<>();
        Map<Long, List<String>> blocks = new HashMap<>();
        for (H01Sample.Chunk chunk : H01Sample.chunks()) {
            points.computeIfAbsent(chunk.label(), l -> new ArrayList<>()).addAll(List.of(chunk.points()));
            List<String> labelBlocks = blocks.computeIfAbsent(chunk.label(), l -> new ArrayList<>());
            if (!labelBlocks.contains(chunk.blockId())) {
                labelBlocks.add(chunk.blockId());
            }
        }
        added.forEach((label, rows) -> {
            points.computeIfAbsent(label, l -> new ArrayList<>()).addAll(List.of(rows));
            blocks.computeIfAbsent(label, l -> new ArrayList<>()).add("late-block");
        });
        long[] labels = points.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(query.getLabels()).containsExactlyInAnyOrder(labels);
        for (long label : labels) {
            assertThat(query.getPointCount(label)).as("count of %s", label).isEqualTo(points.get(label).size());
            assertThat(query.getBlocksForLabel(label)).as("blocks of %s", label)
                    .containsExactlyInAnyOrderElementsOf(blocks.get(label));
            assertThat(sorted(query.getPoints(label).toLongArray())).as("points of %s", label)
                    .isDeepEqualTo(sorted(points.get(label).toArray(long[][]::new)));
        }
    }

    private static long[][] sorted(long[][] rows) {
        long[][] copy = rows.clone();
        Arrays.sort(copy, Comparator.comparing((long[] row) -> row, Arrays::compare));
        return copy;
    }
}
