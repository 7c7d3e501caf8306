package org.pocaduck.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes killed while DuckDB and Arrow's C data interface are loaded leave one copy of each native library; the next
 * start removes them.
 */
class NativeLibraryCopiesTest {

    @TempDir
    Path temp;

    @Test
    void killedProcessesLeaveNoMoreThanTheLastCopy() throws Exception {
        for (int kill = 1; kill <= 3; kill++) {
            ageCopies();
            startAndKill();
            assertThat(copies("libduckdb_java")).as("DuckDB's copies after %d killed processes", kill).hasSize(1);
            assertThat(copies("jnilib-")).as("Arrow's copies after %d killed processes", kill).hasSize(1);
        }
    }

    @Test
    void recentCopiesAndOtherFilesStay() throws IOException {
        Path recent = Files.write(temp.resolve("libduckdb_java123.so"), new byte[] {1});
        Path recentArrow = Files.write(temp.resolve("jnilib-123.tmp"), new byte[] {1});
        Path other = Files.write(temp.resolve("libother.so"), new byte[] {1});
        Path otherTmp = Files.write(temp.resolve("other-123.tmp"), new byte[] {1});
        Files.setLastModifiedTime(other, longAgo());
        Files.setLastModifiedTime(otherTmp, longAgo());

        NativeLibraryCopies.removeStale(temp);

        assertThat(recent).exists();
        assertThat(recentArrow).exists();
        assertThat(other).exists();
        assertThat(otherTmp).exists();
    }

    /** Makes the copies look as if they were left by processes killed a while ago. */
    private void ageCopies() throws IOException {
        for (Path copy : copies("")) {
            Files.setLastModifiedTime(copy, longAgo());
        }
    }

    private static FileTime longAgo() {
        return FileTime.from(Instant.now().minus(NativeLibraryCopies.STALE_AFTER.multipliedBy(2)));
    }

    private void startAndKill() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"),
                DuckDbLoadingChild.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("loaded");
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private List<Path> copies(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)).toList();
        }
    }
}
