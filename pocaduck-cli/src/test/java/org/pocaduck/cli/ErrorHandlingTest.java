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
    void aBaseInAnObjectStoreIsAUserErrorOfOneLine() {
        // Reading needs the store's module on the class path; writing works on local directories.
        Map<String, String> expected = Map.of("info", "pocaduck-s3", "labels", "pocaduck-s3",
                "consolidate", "object store", "optimize", "pocaduck-s3", "cleanup", "object store");
        expected.forEach((command, why) -> {
            Cli.Result result = Cli.run(command, "--base", "s3://bucket/pc");

            assertThat(result.exitCode()).as(command).isEqualTo(1);
            assertThat(result.err().lines()).as(command).singleElement().asString()
                    .startsWith("pocaduck " + command + ": ").contains("s3://bucket/pc", why);
        });
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
