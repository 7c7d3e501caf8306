package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real H01 sample, ingested as the issue describes: 2 workers, blocks split between them, at most 5 points per file. */
class H01RoundTripTest {
    private static final PointSchema SCHEMA = PointSchema.of(ColumnType.INT64, "x", "y", "z", "supervoxel");

    @TempDir
    Path base;

    @Test
    void everyLabelAnswersAsExpected() throws Exception {
        List<H01Sample.Chunk> chunks = H01Sample.chunks();
        List<String> blocks = new ArrayList<>(new TreeSet<>(chunks.stream().map(H01Sample.Chunk::blockId)
                .collect(Collectors.toSet())));
        blocks.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        StorageConfig config = StorageConfig.local(base);
        IngestorOptions options = IngestorOptions.defaults().withMaxPointsPerFile(5).withSchema(SCHEMA);
        try (Ingestor even = Ingestor.open(config, "0", options); Ingestor odd = Ingestor.open(config, "1", options)) {
            for (H01Sample.Chunk chunk : chunks) {
                Ingestor worker = blocks.indexOf(chunk.blockId()) % 2 == 0 ? even : odd;
                worker.write(chunk.label(), chunk.blockId(), chunk.points());
            }
        }
        ConsolidationSummary summary = Ingestor.consolidateIndexes(config);
        assertThat(summary.points()).isEqualTo(787);
        assertThat(summary.labels()).isEqualTo(6);
        assertThat(summary.workers()).containsExactly("0", "1");

        Map<Long, H01Sample.Expected> expected = H01Sample.expected();
        Map<Long, List<long[]>> written = new HashMap<>();
        for (H01Sample.Chunk chunk : chunks) {
            written.computeIfAbsent(chunk.label(), label -> new ArrayList<>()).addAll(List.of(chunk.points()));
        }
        try (Query query = Query.open(config)) {
            DatasetStatistics statistics = query.statistics();
            assertThat(statistics.labels()).isEqualTo(6);
            assertThat(statistics.points()).isEqualTo(787);
            assertThat(statistics.blocks()).isEqualTo(35);
            assertThat(statistics.files()).isEqualTo(summary.files()).isGreaterThanOrEqualTo(787 / 5);
            assertThat(query.verify()).isEmpty();
            assertThat(query.getLabels()).containsExactly(expected.keySet().stream().mapToLong(Long::longValue).toArray());
            for (var entry : expected.entrySet()) {
                long label = entry.getKey();
                assertThat(query.getPointCount(label)).as("count of %s", label).isEqualTo(entry.getValue().pointCount());
                assertThat(query.getBlocksForLabel(label)).as("blocks of %s", label)
                        .containsExactlyInAnyOrderElementsOf(entry.getValue().blockIds());
                PointCloud points = query.getPoints(label);
                assertThat(points.size()).isEqualTo(entry.getValue().pointCount());
                assertThat(points.columnNames()).containsExactly("x", "y", "z", "supervoxel");
                assertThat(PointRows.sorted(points.toLongArray())).as("points of %s", label)
                        .isEqualTo(PointRows.sorted(written.get(label).toArray(long[][]::new)));
            }
        }
    }
}
