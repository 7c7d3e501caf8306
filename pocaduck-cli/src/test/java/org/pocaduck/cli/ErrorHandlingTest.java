package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    void anUnreachableEndpointOfEveryStoreIsOneLineWithinTheTimeout() {
        List<List<String>> stores = List.of(
                List.of("s3://bucket/pc", "--s3-endpoint-url", "http://127.0.0.1:1", "--s3-access-key-id", "id",
                        "--s3-secret-access-key", "secret-key"),
                List.of("gs://bucket/pc", "--gcs-endpoint-url", "http://127.0.0.1:1"),
                List.of("az://container/pc", "--azure-endpoint-url", "http://127.0.0.1:1/account",
                        "--azure-account-name", "account", "--azure-account-key", "a2V5"));
        for (List<String> store : stores) {
            List<String> args = new ArrayList<>(List.of("info", "--timeout", "2", "--base"));
            args.addAll(store);
            // A guard against the retries of old (47 s for Azure), not a measurement.
            Cli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> Cli.run(args.toArray(String[]::new)));

            assertThat(result.exitCode()).as(store.get(0)).isEqualTo(1);
            assertThat(result.err().lines()).as(store.get(0)).singleElement().asString()
                    .startsWith("pocaduck info: ").contains(store.get(0), "pocaduck.json");
        }
    }

    @Test
    void aTimeoutOfZeroIsAUserError() {
        Cli.Result result = Cli.run("info", "--timeout", "0", "--base", "s3://bucket/pc");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("timeout PT0S is too short");
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
