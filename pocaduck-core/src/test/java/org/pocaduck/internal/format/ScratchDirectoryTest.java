package org.pocaduck.internal.format;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scratch directories are removed by their owner when it closes them, and by the next process that creates one of the
 * same kind when their owner was killed — never while their owner lives.
 */
class ScratchDirectoryTest {
    private static final String KIND = "scratch-test";

    @TempDir
    Path temp;

    @Test
    void closingRemovesTheDirectoryAndWhatItHolds() throws IOException {
        Path path;
        try (ScratchDirectory scratch = ScratchDirectory.create(KIND)) {
            path = scratch.path();
            Files.write(path.resolve("spill.bin"), new byte[1024]);
            assertThat(path.getFileName().toString()).startsWith("pocaduck-" + KIND + "-");
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void theDirectoryOfAKilledProcessIsRemovedAndNotBefore() throws Exception {
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"), ScratchOwner.class.getName(),
                KIND).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Path directory;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(),
                    StandardCharsets.UTF_8));
            directory = Path.of(out.readLine());
            assertThat(directory.getParent()).isEqualTo(temp);
            settle(directory);

            ScratchDirectory.removeAbandoned(temp, KIND);
            assertThat(directory.resolve("spill.bin")).as("the live owner's directory").exists();
        } finally {
            owner.destroyForcibly();
            assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        ScratchDirectory.removeAbandoned(temp, KIND);
        assertThat(directory).as("the killed owner's directory").doesNotExist();
    }

    @Test
    void directoriesThatMayStillBeInUseStay() throws IOException {
        Path young = scratch("pocaduck-" + KIND + "-young");
        Path withoutLock = Files.createDirectory(temp.resolve("pocaduck-" + KIND + "-nolock"));
        Files.setLastModifiedTime(withoutLock, FileTime.from(Instant.now().minus(ScratchDirectory.SETTLE.multipliedBy(
                10))));
        Path heldHere = scratch("pocaduck-" + KIND + "-held");
        settle(heldHere);
        Path otherKind = scratch("pocaduck-other-abandoned");
        settle(otherKind);
        Path abandoned = scratch("pocaduck-" + KIND + "-abandoned");
        settle(abandoned);

        Optional<ExclusiveLock> held = ExclusiveLock.tryAcquire(heldHere.resolve(ScratchDirectory.OWNER_LOCK));
        assertThat(held).isPresent();
        try (ExclusiveLock lock = held.get()) {
            ScratchDirectory.removeAbandoned(temp, KIND);
        }

        assertThat(List.of(young, withoutLock, heldHere, otherKind)).allSatisfy(path -> assertThat(path).exists());
        assertThat(abandoned).doesNotExist();
    }

    /** A directory as a scratch directory's owner leaves it: a lock file and something spilled. */
    private Path scratch(String name) throws IOException {
        Path directory = Files.createDirectory(temp.resolve(name));
        Files.createFile(directory.resolve(ScratchDirectory.OWNER_LOCK));
        Files.write(directory.resolve("spill.bin"), new byte[16]);
        return directory;
    }

    /** Ages the lock file past the time a new directory's creator may take to lock it. */
    private static void settle(Path directory) throws IOException {
        Files.setLastModifiedTime(directory.resolve(ScratchDirectory.OWNER_LOCK),
                FileTime.from(Instant.now().minus(ScratchDirectory.SETTLE.multipliedBy(2))));
    }
}
