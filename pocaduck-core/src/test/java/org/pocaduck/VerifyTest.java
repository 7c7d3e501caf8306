package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Query.verify finds nothing wrong in a sound dataset and names each kind of damage. */
class VerifyTest {
    @TempDir
    Path base;

    private StorageConfig writeDataset() {
        StorageConfig config = StorageConfig.local(base);
        Random random = new Random(11);
        try (Ingestor ingestor = Ingestor.open(config, "w", IngestorOptions.defaults().withMaxPointsPerFile(300))) {
            for (int chunk = 0; chunk < 60; chunk++) {
                long[][] points = new long[1 + random.nextInt(20)][3];
                for (long[] point : points) {
                    point[0] = random.nextInt(1000);
                }
                long label = chunk % 7 == 0 ? -1L - chunk : chunk % 13;
                ingestor.write(label, "b" + chunk % 5, points);
            }
        }
        Ingestor.consolidateIndexes(config);
        return config;
    }

    private Path firstPart() throws Exception {
        try (Stream<Path> files = Files.list(base.resolve("workers/w"))) {
            return files.filter(path -> path.getFileName().toString().endsWith(".parquet")).sorted().findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void aSoundDatasetHasNoProblems() {
        try (Query query = Query.open(writeDataset())) {
            assertThat(query.verify()).isEmpty();
        }
    }

    @Test
    void namesAMissingPartFile() throws Exception {
        StorageConfig config = writeDataset();
        Path part = firstPart();
        Files.delete(part);
        try (Query query = Query.open(config)) {
            List<String> problems = query.verify();
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0)).contains(part.getFileName().toString()).contains("missing");
            // Reading every label reaches the missing file: one message that says so, not the path twice.
            assertThatThrownBy(() -> query.getPoints(query.getLabels())).isInstanceOf(PocaduckIOException.class)
                    .hasMessage("part file " + part + " is missing, though the dataset's index lists it; run verify to"
                            + " list every damaged file");
        }
    }

    @Test
    void namesAPartFileReplacedByAnother() throws Exception {
        StorageConfig config = writeDataset();
        Path part = firstPart();
        Path other;
        try (Stream<Path> files = Files.list(base.resolve("workers/w"))) {
            other = files.filter(path -> path.getFileName().toString().endsWith(".parquet")).sorted().skip(1)
                    .findFirst().orElseThrow();
        }
        Files.copy(other, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).isNotEmpty()
                    .allMatch(problem -> problem.startsWith("workers/w/" + part.getFileName()));
        }
    }

    @Test
    void namesATruncatedPartFile() throws Exception {
        StorageConfig config = writeDataset();
        Path part = firstPart();
        byte[] bytes = Files.readAllBytes(part);
        Files.write(part, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (Query query = Query.open(config)) {
            assertThat(query.verify()).anyMatch(problem -> problem.contains("bytes, the index recorded"));
        }
    }
}
