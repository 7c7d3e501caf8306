package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;

class DemoCommandTest {

    private static final int POINTS = 50_000;

    @TempDir
    Path dir;

    @Test
    void writesQueriesAndDrawsASyntheticDataset() throws IOException {
        Path base = dir.resolve("demo");

        Cli.Result result = Cli.run("demo", base.toString(), "--points", String.valueOf(POINTS), "--workers", "3");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("dataset: " + base);
        Path picture = pictureNamedIn(result.out());
        assertThat(picture.getParent()).isEqualTo(base);
        BufferedImage image = ImageIO.read(picture.toFile());
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(countPointColoured(image)).isGreaterThan(1_000);

        try (Query query = Query.open(StorageConfig.local(base))) {
            long[] labels = query.getLabels();
            assertThat(Arrays.stream(labels).map(query::getPointCount).sum()).isEqualTo(POINTS);
            assertThat(Arrays.stream(labels).anyMatch(label -> label < 0)).as("a label ≥ 2^63").isTrue();
            assertThat(query.getBlocksForLabel(labels[labels.length - 1])).allMatch(id -> id.matches("\\d+_\\d+_\\d+"));
            assertThat(query.statistics().fullyOptimized()).as("the demo optimizes").isTrue();
            assertThat(query.verify()).isEmpty();
        }
        assertThat(result.out()).containsPattern("optimize: \\d+ shards on 3 threads").contains("after optimize:");
        // Every query figure says whether it is a first (cold) or a repeated (warm) call; no terminal escapes.
        assertThat(result.out().lines().filter(line -> line.startsWith("query: ")))
                .hasSize(8).allMatch(line -> line.matches(".*, cold [\\d,.]+ ms, warm [\\d,.]+ ms"));
        assertThat(result.out()).contains("ingest: 3 workers").contains("cold: this JVM's first ingest")
                .doesNotContain("\u001b");
    }

    @Test
    void theSameSeedGivesTheSameVolume() {
        SyntheticVolume first = SyntheticVolume.generate(5_000, 3);
        SyntheticVolume second = SyntheticVolume.generate(5_000, 3);

        assertThat(first.labels()).isEqualTo(second.labels());
        assertThat(first.blocks()).hasSameSizeAs(second.blocks());
        for (int i = 0; i < first.blocks().size(); i++) {
            assertThat(first.blocks().get(i)).isEqualTo(second.blocks().get(i));
        }
    }

    @Test
    void aDirectoryWithOtherFilesIsAUserError() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");

        Cli.Result result = Cli.run("demo", dir.toString(), "--points", "1000");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("pocaduck demo: ")
                .contains(dir.toString());
        assertThat(dir).isDirectoryContaining(path -> path.endsWith("notes.txt"));
        try (var entries = Files.list(dir)) {
            assertThat(entries).hasSize(1);
        }
    }

    private static Path pictureNamedIn(String out) {
        List<String> pictureLines = out.lines().filter(line -> line.startsWith("picture of label ")).toList();
        assertThat(pictureLines).hasSize(1);
        String line = pictureLines.get(0);
        return Path.of(line.substring(line.indexOf(": ") + 2, line.lastIndexOf(" (drawn")));
    }

    private static int countPointColoured(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                // Points are cyan: blue and green well above red, unlike the grey background, frames and text.
                if ((rgb & 0xff) - (rgb >> 16 & 0xff) > 40) {
                    count++;
                }
            }
        }
        return count;
    }
}
