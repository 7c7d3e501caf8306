package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing a Python dataset gives a dataset of this library that answers as the source does. */
class UpstreamImportTest {
    @TempDir
    Path dir;

    @Test
    void theImportedBlockwiseFixtureAnswersLikeItsSource() throws Exception {
        Path source = UpstreamFixture.copy(UpstreamFixture.UNOPTIMIZED, dir.resolve("py"));
        List<String> before = UpstreamFixture.snapshot(source);
        List<long[]> progress = new ArrayList<>();
        PointSchema schema = PointSchema.of(ColumnType.INT64, "x", "y", "z", "supervoxel");

        ImportSummary summary = PythonDatasetImport.run(StorageConfig.local(source),
                StorageConfig.local(dir.resolve("pc")), ImportOptions.defaults().withWorkers(2).withSchema(schema)
                        .withProgress((done, total) -> progress.add(new long[] {done, total})));

        assertThat(summary.sourceFormat()).isEqualTo(DatasetFormat.PYTHON);
        assertThat(summary.labels()).isEqualTo(6);
        assertThat(summary.pointsRead()).isEqualTo(787);
        assertThat(summary.pointsWritten()).isEqualTo(787);
        assertThat(summary.blocks()).isEqualTo(35);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(787, 787);
        assertThat(UpstreamFixture.snapshot(source)).isEqualTo(before);
        Map<Long, H01Sample.Expected> expected = H01Sample.expected();
        try (Query imported = Query.open(StorageConfig.local(dir.resolve("pc")));
                Query original = Query.open(StorageConfig.local(source))) {
            assertThat(imported.format()).isEqualTo(DatasetFormat.POCADUCK);
            assertThat(imported.schema()).isEqualTo(schema);
            assertThat(imported.getLabels()).isEqualTo(original.getLabels());
            for (long label : expected.keySet()) {
                assertThat(imported.getPointCount(label)).isEqualTo(expected.get(label).pointCount());
                assertThat(imported.getBlocksForLabel(label)).isEqualTo(original.getBlocksForLabel(label));
                assertThat(UpstreamFixtureTest.rows(imported.getPoints(label)))
                        .containsExactlyInAnyOrderElementsOf(UpstreamFixtureTest.csvRows(label));
            }
            assertThat(imported.verify()).isEmpty();
        }
    }

    @Test
    void theOptimizedOnlyLayoutImportsIntoOnePlaceholderBlock() throws Exception {
        Path source = UpstreamFixture.copy(UpstreamFixture.OPTIMIZED, dir.resolve("py"));
        // What remains when the blockwise files were deleted after optimizing.
        Files.delete(source.resolve("unified_index.db"));

        ImportSummary summary = PythonDatasetImport.run(StorageConfig.local(source),
                StorageConfig.local(dir.resolve("pc")), ImportOptions.defaults().withWorkers(3));

        assertThat(summary.sourceFormat()).isEqualTo(DatasetFormat.PYTHON_OPTIMIZED);
        assertThat(summary.blocks()).isEqualTo(1);
        try (Query imported = Query.open(StorageConfig.local(dir.resolve("pc")))) {
            for (Map.Entry<Long, H01Sample.Expected> entry : H01Sample.expected().entrySet()) {
                long label = entry.getKey();
                assertThat(imported.getPointCount(label)).isEqualTo(entry.getValue().distinctPointCount());
                assertThat(imported.getBlocksForLabel(label)).containsExactly(PythonDatasetImport.OPTIMIZED_BLOCK_ID);
                assertThat(UpstreamFixtureTest.rows(imported.getPoints(label)))
                        .isEqualTo(UpstreamFixtureTest.distinctSorted(UpstreamFixtureTest.csvRows(label)));
            }
        }
    }

    @Test
    void bigLabelsRepeatedRowsAndDuplicatePointsImportAsTheDataHoldsThem() throws Exception {
        long[][] withDuplicate = {{1, 2, 3}, {1, 2, 3}, {0, 0, 0}};
        Path source = new UpstreamDatasetBuilder(dir.resolve("py"))
                .write("0", 0, -1L, "a", withDuplicate)
                .write("0", 1, -1L, "b", new long[][] {{1, 2, 3}})
                .write("1", 0, Long.MIN_VALUE, "a", new long[][] {{9, 9, 9}})
                .build(2);

        ImportSummary kept = PythonDatasetImport.run(StorageConfig.local(source),
                StorageConfig.local(dir.resolve("kept")));
        ImportSummary deduplicated = PythonDatasetImport.run(StorageConfig.local(source),
                StorageConfig.local(dir.resolve("deduplicated")), ImportOptions.defaults().withDeduplication(true));

        assertThat(kept.pointsWritten()).isEqualTo(5);
        assertThat(deduplicated.pointsRead()).isEqualTo(5);
        assertThat(deduplicated.pointsWritten()).isEqualTo(3);
        try (Query query = Query.open(StorageConfig.local(dir.resolve("kept")))) {
            assertThat(query.getLabels()).containsExactly(Long.MIN_VALUE, -1L);
            assertThat(query.getPointCount(-1L)).isEqualTo(4);
            assertThat(query.getBlocksForLabel(-1L)).containsExactly("a", "b");
        }
        try (Query query = Query.open(StorageConfig.local(dir.resolve("deduplicated")))) {
            assertThat(query.getPointCount(-1L)).isEqualTo(2);
            assertThat(query.getBlocksForLabel(-1L)).containsExactly("a");
            assertThat(query.getPoints(-1L).toLongArray()).isEqualTo(new long[][] {{1, 2, 3}, {0, 0, 0}});
            assertThat(query.getPoints(Long.MIN_VALUE).toLongArray()).isEqualTo(new long[][] {{9, 9, 9}});
        }
    }

    @Test
    void anIndexThatPromisesMoreThanItsFilesHoldFailsTheCheck() throws Exception {
        Path source = new UpstreamDatasetBuilder(dir.resolve("py"))
                .write("0", 0, 5, "a", new long[][] {{1, 2, 3}})
                .build(1);
        Path other = new UpstreamDatasetBuilder(dir.resolve("other"))
                .write("0", 0, 6, "a", new long[][] {{1, 2, 3}})
                .build(1);
        Files.copy(other.resolve("worker_0/data/0-0.parquet"), source.resolve("worker_0/data/0-0.parquet"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> PythonDatasetImport.run(StorageConfig.local(source),
                StorageConfig.local(dir.resolve("pc")))).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("label 5: the source index says 1 points but its files hold 0");
    }

    @Test
    void badSourcesAndTargetsAreRejectedBeforeAnythingIsWritten() throws Exception {
        Path source = UpstreamFixture.copy(UpstreamFixture.OPTIMIZED, dir.resolve("py"));
        Path nothing = Files.createDirectories(dir.resolve("nothing"));
        Path occupied = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(occupied.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> PythonDatasetImport.run(StorageConfig.local(nothing),
                StorageConfig.local(dir.resolve("pc")))).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(nothing.toString()).hasMessageContaining("unified_index.db");
        assertThatThrownBy(() -> PythonDatasetImport.run(StorageConfig.local(source),
                StorageConfig.local(occupied))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(occupied.toString()).hasMessageContaining("not empty");
        assertThatThrownBy(() -> PythonDatasetImport.run(StorageConfig.local(source),
                StorageConfig.local(source.resolve("converted")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inside the source");
        assertThatThrownBy(() -> PythonDatasetImport.run(StorageConfig.local(source),
                StorageConfig.local(dir.resolve("pc")), ImportOptions.defaults().withSchema(
                        PointSchema.of(ColumnType.INT64, "x", "y", "z")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 3 columns").hasMessageContaining("have 4 values");
        assertThatThrownBy(() -> ImportOptions.defaults().withWorkers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers is 0");
        assertThat(dir.resolve("pc")).doesNotExist();
    }
}
