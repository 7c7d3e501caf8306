package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QueryOptions.withDeduplication on this library's own datasets: distinct points, sorted, counts unchanged. */
class QueryDeduplicationTest {
    @TempDir
    Path dir;

    @Test
    void deduplicationReturnsDistinctPointsSortedAndLeavesCountsAlone() {
        StorageConfig config = StorageConfig.local(dir.resolve("pc"));
        try (Ingestor ingestor = Ingestor.open(config, "worker-1")) {
            ingestor.write(-1L, "b", new long[][] {{5, 1, 1}, {-3, 2, 2}});
            ingestor.write(-1L, "a", new long[][] {{5, 1, 1}, {5, 0, 9}});
        }
        Ingestor.consolidateIndexes(config);

        try (Query stored = Query.open(config);
                Query distinct = Query.open(config, QueryOptions.defaults().withDeduplication(true))) {
            assertThat(stored.getPoints(-1L).size()).isEqualTo(4);
            assertThat(distinct.getPointCount(-1L)).isEqualTo(4);
            assertThat(distinct.getPoints(-1L).toLongArray()).isEqualTo(new long[][] {{-3, 2, 2}, {5, 0, 9}, {5, 1, 1}});
            assertThat(distinct.getPoints(new long[] {-1L, 7L}).get(-1L)).isEqualTo(distinct.getPoints(-1L));
            assertThat(distinct.getPoints(7L).isEmpty()).isTrue();
        }
    }
}
