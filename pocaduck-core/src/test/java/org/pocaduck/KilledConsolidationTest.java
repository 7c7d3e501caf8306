package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.internal.format.DatasetLayout;

/**
 * What killed consolidations and writers leave behind: generations claimed but never made current (gaps in the
 * numbers) and temporary files. The next consolidation must keep what readers of the generation current when it
 * started still read, and whoever holds the lock over a directory removes its temporary files.
 */
class KilledConsolidationTest {

    @TempDir
    Path base;

    @Test
    void gapsInGenerationNumbersNeverRemoveTheGenerationReadersHold() throws IOException {
        StorageConfig config = StorageConfig.local(base);
        List<H01Sample.Chunk> chunks = H01Sample.chunks();
        int third = chunks.size() / 3;
        ingest(config, "first", chunks.subList(0, third));
        Ingestor.consolidateIndexes(config);
        ingest(config, "second", chunks.subList(third, 2 * third));
        Ingestor.consolidateIndexes(config);
        // Two consolidations killed after claiming generations 3 and 4 (their index is published first), and one
        // killed while it was still writing generation 5 under temporary names.
        Path current = base.resolve(DatasetLayout.indexFile(2));
        Files.copy(current, base.resolve(DatasetLayout.indexFile(3)));
        Files.copy(current, base.resolve(DatasetLayout.indexFile(4)));
        List<Path> leftovers = Stream.of(".duckdb.tmp", ".duckdb.tmp.wal", ".lookup.tmp", ".files.parquet.tmp")
                .map(suffix -> base.resolve("index/index-000005" + suffix)).toList();
        for (Path leftover : leftovers) {
            Files.write(leftover, new byte[] {1, 2, 3});
        }

        try (Query reader = Query.open(config, QueryOptions.defaults().withCacheBytes(0))) {
            assertThat(reader.generation()).isEqualTo(2);
            DatasetSnapshot before = DatasetSnapshot.of(reader);
            ingest(config, "third", chunks.subList(2 * third, chunks.size()));
            ConsolidationSummary next = Ingestor.consolidateIndexes(config);

            assertThat(next.generation()).isEqualTo(5);
            // The reader opened generation 2 before the consolidation; all of it must still be there (an open file
            // would still read on disk after its deletion, an object in a store would not).
            assertThat(Stream.of(".duckdb", ".lookup", ".files.parquet").map(suffix -> base.resolve(
                    "index/index-000002" + suffix))).allSatisfy(file -> assertThat(file).exists());
            assertThat(DatasetSnapshot.of(reader)).isEqualTo(before);
            assertThat(leftovers).allSatisfy(leftover -> assertThat(leftover).doesNotExist());
        }
        assertThat(DatasetSnapshot.of(config)).isEqualTo(DatasetSnapshot.of(StoredDatasets.writeH01(base.resolve(
                "reference"))));

        ingest(config, "fourth", chunks.subList(0, 1));
        Ingestor.consolidateIndexes(config);
        try (Stream<Path> index = Files.list(base.resolve(DatasetLayout.INDEX))) {
            assertThat(index.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".duckdb")))
                    .as("generations kept: the current one and the one before it")
                    .containsExactlyInAnyOrder("index-000005.duckdb", "index-000006.duckdb");
        }
    }

    @Test
    void reopeningAWorkerRemovesTheTemporaryFilesOfItsKilledWrites() throws IOException {
        StorageConfig config = StorageConfig.local(base);
        List<H01Sample.Chunk> chunks = H01Sample.chunks();
        ingest(config, "killed", chunks.subList(0, 10));
        Path worker = base.resolve(DatasetLayout.WORKERS).resolve("killed");
        List<Path> leftovers = Stream.of("part-000007.parquet.tmp", ".part-000007.parquet.0123456789abcdef.tmp",
                "index.duckdb.tmp", "index.duckdb.tmp.wal").map(worker::resolve).toList();
        for (Path leftover : leftovers) {
            Files.write(leftover, new byte[] {1, 2, 3});
        }

        ingest(config, "killed", chunks.subList(10, 20));

        assertThat(leftovers).allSatisfy(leftover -> assertThat(leftover).doesNotExist());
        assertThat(worker.resolve("index.duckdb")).exists();
    }

    private static void ingest(StorageConfig config, String worker, List<H01Sample.Chunk> chunks) {
        try (Ingestor ingestor = Ingestor.open(config, worker)) {
            for (H01Sample.Chunk chunk : chunks) {
                ingestor.write(chunk.label(), chunk.blockId(), chunk.points());
            }
        }
    }
}
