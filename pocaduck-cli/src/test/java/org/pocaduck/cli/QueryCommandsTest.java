package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void infoDescribesTheDataset() {
        Cli.Result result = Cli.run("info", "--base", base);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(lines("base: " + base, "generation: 1", "labels: 3", "points: 6",
                "schema: x:int64, y:int64, z:int64"));
    }

    @Test
    void infoAsJsonIsOneObject() {
        Cli.Result result = Cli.run("info", "--base", base, "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(lines("{\"base\":\"" + base + "\",\"generation\":1,\"labels\":3,"
                + "\"points\":6,\"schema\":[{\"name\":\"x\",\"type\":\"int64\"},{\"name\":\"y\",\"type\":\"int64\"},"
                + "{\"name\":\"z\",\"type\":\"int64\"}]}"));
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
    }

    static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }
}
