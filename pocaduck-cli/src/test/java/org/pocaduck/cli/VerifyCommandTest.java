package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSoundDatasetVerifiesWithExitCodeZero() {
        String base = Datasets.writeInt64(dir.resolve("pc")).base().toString();

        Cli.Result result = Cli.run("verify", "--base", base);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("ok: generation 1, 3 labels");
    }

    @Test
    void aMissingPartFileIsListedAndExitsWithThree() throws Exception {
        Path base = Datasets.writeInt64(dir.resolve("pc")).base();
        Path part;
        try (Stream<Path> files = Files.walk(base.resolve("workers"))) {
            part = files.filter(path -> path.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Files.delete(part);

        Cli.Result result = Cli.run("verify", "--base", base.toString());

        assertThat(result.exitCode()).isEqualTo(VerifyCommand.PROBLEMS_FOUND);
        assertThat(result.out()).contains(part.getFileName().toString()).contains("missing");
    }

    @Test
    void quickChecksMetadataAndSkipsTheData() throws Exception {
        Path base = Datasets.writeInt64(dir.resolve("pc")).base();
        Path part;
        try (Stream<Path> files = Files.walk(base.resolve("workers"))) {
            part = files.filter(path -> path.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        }
        // The file's first column chunk starts after the 4-byte magic number: a byte of data, not of metadata.
        byte[] bytes = Files.readAllBytes(part);
        bytes[20] ^= 1;
        Files.write(part, bytes);

        Cli.Result quick = Cli.run("verify", "--base", base.toString(), "--quick");
        Cli.Result full = Cli.run("verify", "--base", base.toString());

        assertThat(quick.exitCode()).isZero();
        assertThat(full.exitCode()).isEqualTo(VerifyCommand.PROBLEMS_FOUND);
        assertThat(full.out()).contains(part.getFileName().toString()).contains("CRC-32C");
    }
}
