package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.pocaduck.storage.ObjectStore;

/**
 * Datasets written on disk and uploaded to an object store as they are, and the check that the store answers like
 * the disk. Shared by the object-store modules' tests.
 */
public final class StoredDatasets {
    private StoredDatasets() {
    }

    /** The H01 sample ingested by two workers (blocks split between them) and consolidated at {@code base}. */
    public static StorageConfig writeH01(Path base) throws IOException {
        return writeH01(StorageConfig.local(base));
    }

    /** The H01 sample ingested by two workers (blocks split between them) and consolidated at {@code config}. */
    public static StorageConfig writeH01(StorageConfig config) throws IOException {
        try (Ingestor even = Ingestor.open(config, "0"); Ingestor odd = Ingestor.open(config, "1")) {
            for (H01Sample.Chunk chunk : H01Sample.chunks()) {
                (chunk.blockId().hashCode() % 2 == 0 ? even : odd).write(chunk.label(), chunk.blockId(),
                        chunk.points());
            }
        }
        Ingestor.consolidateIndexes(config);
        return config;
    }

    /** Uploads every file of the dataset at {@code base} under the same relative key. */
    public static void upload(Path base, ObjectStore store) throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                store.upload(base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"), file);
            }
        }
    }

    /** Asserts that {@code stored} answers every question exactly as {@code disk} does. */
    public static void assertSameAnswers(Query disk, Query stored) {
        assertThat(stored.getLabels()).containsExactly(disk.getLabels());
        for (long label : disk.getLabels()) {
            assertThat(stored.getPointCount(label)).isEqualTo(disk.getPointCount(label));
            assertThat(stored.getBlocksForLabel(label)).isEqualTo(disk.getBlocksForLabel(label));
            assertThat(stored.getPoints(label)).isEqualTo(disk.getPoints(label));
        }
        assertThat(stored.getPoints(disk.getLabels())).isEqualTo(disk.getPoints(disk.getLabels()));
        assertThat(stored.statistics()).isEqualTo(disk.statistics());
        assertThat(stored.verify()).isEmpty();
    }
}
