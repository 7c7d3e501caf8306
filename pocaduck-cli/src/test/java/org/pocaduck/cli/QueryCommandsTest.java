package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.Ingestor;
import org.pocaduck.StorageConfig;

class QueryCommandsTest {

    @TempDir
    static Path dir;
    static String base;

    @BeforeAll
    static void writeDataset() {
        base = Datasets.writeInt64(dir.resolve("pc")).base().toString();
    }

    @Test
    void labelsArePrintedUnsignedInAscendingOrder() {
        Cli.Result result = Cli.run("labels", "--base", base);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(lines("5", "42", "18446744073709551615"));
    }

    @Test
    void countAcceptsDecimalAndHexLabelsAcrossTheWholeUint64Range() {
        assertThat(Cli.run("count", "--base", base, "--label", "5").out()).isEqualTo(lines("3"));
        assertThat(Cli.run("count", "--base", base, "--label", "0x2A").out()).isEqualTo(lines("1"));
        assertThat(Cli.run("count", "--base", base, "--label", "18446744073709551615").out()).isEqualTo(lines("2"));
        assertThat(Cli.run("count", "--base", base, "--label", "0xffffffffffffffff").out()).isEqualTo(lines("2"));
        assertThat(Cli.run("count", "--base", base, "--label", "6").out()).isEqualTo(lines("0"));
    }

    @Test
    void blocksAreListedOnePerLine() {
        Cli.Result result = Cli.run("blocks", "--base", base, "--label", "5");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(lines("block_0_0_0", "block_1_0_0"));
        assertThat(Cli.run("blocks", "--base", base, "--label", "6").out()).isEmpty();
    }

    @Test
    void baseMayBeAFileUri() {
        Cli.Result result = Cli.run("count", "--base", Path.of(base).toUri().toString(), "--label", "42");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(lines("1"));
    }

    @Test
    void infoDescribesTheDataset() throws Exception {
        Cli.Result result = Cli.run("info", "--base", base);

        assertThat(result.exitCode()).isZero();
        long partBytes = bytes(Path.of(base).resolve("workers"), ".parquet");
        long indexBytes = bytes(Path.of(base).resolve("index"), "");
        assertThat(result.out()).isEqualTo(lines("base: " + base, "format: PoCADuck for Java", "format version: 6",
                "generation: 1", "stored generations: 1", "optimized: no", "labels: 3", "points: 6", "blocks: 2",
                "part files: 2",
                "part bytes: " + partBytes + String.format(Locale.ROOT, " (%.2f per point)", partBytes / 6.0),
                "index bytes: " + indexBytes, "schema: x:int64, y:int64, z:int64"));
    }

    @Test
    void infoAsJsonIsOneObject() throws Exception {
        Cli.Result result = Cli.run("info", "--base", base, "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(lines("{\"base\":\"" + base + "\",\"format\":\"pocaduck\","
                + "\"format_version\":6,\"generation\":1,\"stored_generations\":[1],\"optimized\":false,"
                + "\"optimized_run\":null,\"optimized_files\":0,\"labels\":3,\"points\":6,\"blocks\":2,\"part_files\":2,"
                + "\"part_bytes\":" + bytes(Path.of(base).resolve("workers"), ".parquet")
                + ",\"index_bytes\":" + bytes(Path.of(base).resolve("index"), "")
                + ",\"schema\":[{\"name\":\"x\",\"type\":\"int64\"},{\"name\":\"y\",\"type\":\"int64\"},"
                + "{\"name\":\"z\",\"type\":\"int64\"}]}"));
    }

    /** Bytes of the files under {@code directory} whose names end with {@code suffix} (index files: the current generation). */
    private static long bytes(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(suffix))
                    .filter(path -> !suffix.isEmpty() || path.getFileName().toString().startsWith("index-"))
                    .mapToLong(path -> path.toFile().length()).sum();
        }
    }

    @Test
    void consolidatePrintsTheSummaryOfTheNewGeneration() {
        StorageConfig config = Datasets.writeFloat64Unconsolidated(dir.resolve("float"));

        Cli.Result result = Cli.run("consolidate", "--base", config.base().toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(lines("generation: 1", "workers: worker-1", "skipped live workers: (none)",
                "files: 1", "chunks: 1", "labels: 1", "points: 2"));
        assertThat(Cli.run("labels", "--base", config.base().toString()).out())
                .isEqualTo(lines("18446744073709551615"));
        assertThat(Cli.run("consolidate", "--base", config.base().toString()).out()).startsWith(lines(
                "generation: 1 (unchanged: no worker has a part it lacks)"));
    }

    @Test
    void consolidateSaysWhenItKeptABaseSegment() {
        StorageConfig config = Datasets.writeFloat64Unconsolidated(dir.resolve("float-then-more"));
        Cli.run("consolidate", "--base", config.base().toString());
        try (Ingestor late = Ingestor.open(config, "late")) {
            for (int i = 0; i < 8; i++) {
                late.write(7L, "late-block", new double[][] {{i, 0.5, 1.5}});
            }
        }
        // Eight points are more than a quarter of the two of generation 1: everything is folded into one segment.
        assertThat(Cli.run("consolidate", "--base", config.base().toString()).out())
                .startsWith(lines("generation: 2", "workers: late, worker-1"));
        try (Ingestor later = Ingestor.open(config, "later")) {
            later.write(8L, "later-block", new double[][] {{1, 2, 3}});
        }

        Cli.Result result = Cli.run("consolidate", "--base", config.base().toString());

        assertThat(result.out()).isEqualTo(lines("generation: 3 (incremental: generation 2's segment plus one of what"
                + " came since; the counts below are that segment's)", "workers: later", "skipped live workers: (none)",
                "files: 1", "chunks: 1", "labels: 1", "points: 1"));
        assertThat(Cli.run("count", "--base", config.base().toString(), "--label", "7").out()).isEqualTo(lines("8"));
        assertThat(Cli.run("labels", "--base", config.base().toString()).out())
                .isEqualTo(lines("7", "8", "18446744073709551615"));
    }

    static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }
}
