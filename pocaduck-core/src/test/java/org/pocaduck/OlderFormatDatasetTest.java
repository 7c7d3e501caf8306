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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Datasets written by earlier versions of the library, each the H01 sample ingested by {@code pocaduck ingest
 * --workers 2 --max-points-per-file 100 --consolidate} ({@code consolidated}) and a copy then optimized and cleaned up
 * ({@code optimized}): {@code testdata/pocaduck-format1}, from before indexes kept part-file layouts (read through
 * their files' footers), {@code testdata/pocaduck-format4}, whose label indexes keep every chunk's bounds (version
 * 2 of that file), and {@code testdata/pocaduck-format5}, whose label pages keep a checksum per column chunk (layout
 * format 2). They must read as they did, answer spatial queries, and take new work.
 */
class OlderFormatDatasetTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @CsvSource({"pocaduck-format1, consolidated", "pocaduck-format1, optimized", "pocaduck-format4, consolidated",
            "pocaduck-format4, optimized", "pocaduck-format5, consolidated", "pocaduck-format5, optimized"})
    void answersEveryLabelOfTheSample(String fixture, String state) throws Exception {
        StorageConfig config = copy(fixture, state);
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isEmpty();
            assertAnswersSample(query, Map.of());
            StoredDatasets.assertSameSpatialAnswers(query, query);
        }
    }

    /** A late worker, a consolidation and an optimization by today's code mix files of both formats. */
    @ParameterizedTest
    @CsvSource({"pocaduck-format1, consolidated", "pocaduck-format1, optimized", "pocaduck-format4, consolidated",
            "pocaduck-format4, optimized", "pocaduck-format5, consolidated", "pocaduck-format5, optimized"})
    void takesALateWorkerAndAnOptimization(String fixture, String state) throws Exception {
        StorageConfig config = copy(fixture, state);
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
            StoredDatasets.assertSameSpatialAnswers(query, query);
        }
        Optimizer.optimize(config);
        Optimizer.cleanup(config);
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isEmpty();
            assertAnswersSample(query, added);
            StoredDatasets.assertSameSpatialAnswers(query, query);
        }
    }

    /**
     * Optimizing an older generation as it is reads its chunks from its label index (built privately for format 1)
     * and its part files from its DuckDB index, or for format 5 from its list of part files: format 1 has no list of
     * part files, format 4's has no layouts.
     */
    @ParameterizedTest
    @CsvSource({"pocaduck-format1", "pocaduck-format4", "pocaduck-format5"})
    void optimizesAnOlderGenerationAsItIs(String fixture) throws Exception {
        StorageConfig config = copy(fixture, "consolidated");
        OptimizationSummary summary = Optimizer.optimize(config);
        assertThat(summary.pointsWritten()).isEqualTo(H01Sample.chunks().stream()
                .mapToLong(chunk -> chunk.points().length).sum());
        Optimizer.cleanup(config);
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isEmpty();
            assertAnswersSample(query, Map.of());
            StoredDatasets.assertSameSpatialAnswers(query, query);
        }
    }

    private StorageConfig copy(String fixture, String state) throws Exception {
        return StorageConfig.local(UpstreamFixture.copyTree(H01Sample.DIRECTORY.resolveSibling(fixture)
                .resolve(state), temp.resolve(state)));
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
