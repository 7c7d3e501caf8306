package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorHandlingTest {

    @TempDir
    Path dir;

    @Test
    void aBaseWithoutDatasetIsAUserErrorOfOneLine() {
        Cli.Result result = Cli.run("labels", "--base", dir.resolve("missing").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("pocaduck labels: ")
                .contains(dir.resolve("missing").toString())
                .doesNotContain("Exception");
    }

    @Test
    void anUnreachableBucketIsAUserErrorOfOneLineWithoutTheSecret() {
        // Every command, reading or writing, goes to the store (here a closed port) and first asks for the manifest.
        Map<String, String> expected = Map.of("info", "pocaduck.json", "labels", "pocaduck.json",
                "optimize", "pocaduck.json", "consolidate", "pocaduck.json", "cleanup", "pocaduck.json");
        expected.forEach((command, why) -> {
            Cli.Result result = Cli.run(command, "--base", "s3://bucket/pc", "--s3-endpoint-url", "http://127.0.0.1:1",
                    "--s3-access-key-id", "AKIAEXAMPLE", "--s3-secret-access-key", "secret/EXAMPLE+key");

            assertThat(result.exitCode()).as(command).isEqualTo(1);
            assertThat(result.err().lines()).as(command).singleElement().asString()
                    .startsWith("pocaduck " + command + ": ").contains("s3://bucket/pc", why)
                    .doesNotContain("secret/EXAMPLE+key");
        });
    }

    @Test
    void storageOptionsOfAnotherStoreAreAUserError() {
        Cli.Result result = Cli.run("labels", "--base", "gs://bucket/pc", "--s3-region", "us-east-1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).singleElement().asString().startsWith("pocaduck labels: ")
                .contains("s3Region", "gs://");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result result = Cli.run("count", "--base", dir.toString(), "--label", "1", "--verbose");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("DatasetNotFoundException").contains("\tat ");
    }

    @Test
    void aMalformedLabelIsAUsageErrorNamingTheValue() {
        for (String bad : new String[] {"abc", "-1", "18446744073709551616", "0x", "0x1ffffffffffffffff"}) {
            Cli.Result result = Cli.run("count", "--base", dir.toString(), "--label", bad);

            assertThat(result.exitCode()).as(bad).isEqualTo(2);
            assertThat(result.err()).as(bad).contains("'" + bad + "'");
        }
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Cli.Result result = Cli.run("labels", "--base", dir.toString(), "--colour");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--colour");
    }

    @Test
    void aMissingSubcommandIsAUsageError() {
        Cli.Result result = Cli.run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: pocaduck");
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String command : new String[] {"consolidate", "info", "labels", "count", "blocks", "points", "verify",
                "ingest", "render", "demo"}) {
            Cli.Result result = Cli.run(command, "--help");

            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).contains("Usage: pocaduck " + command).contains("  pocaduck " + command);
        }
    }

    @Test
    void versionComesFromThePom() {
        Cli.Result result = Cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).matches("pocaduck \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }
}
