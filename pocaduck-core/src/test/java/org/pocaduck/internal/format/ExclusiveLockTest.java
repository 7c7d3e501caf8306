package org.pocaduck.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock stays held for other processes while this JVM fails to take it a second time: the second try must not
 * open and close a channel of the file, which on Linux would drop the first holder's lock.
 */
class ExclusiveLockTest {
    @TempDir
    Path temp;

    /** Exits 0 if it could lock the file, 3 if someone holds it. */
    public static void main(String[] args) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            System.exit(lock == null ? 3 : 0);
        }
    }

    private static int probeFromAnotherProcess(Path file) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ExclusiveLockTest.class.getName(), file.toString()).inheritIO().start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return child.exitValue();
    }

    @Test
    void aFailedSecondTryInThisJvmKeepsTheLockHeldForOtherProcesses() throws Exception {
        Path file = temp.resolve("worker.lock");
        try (ExclusiveLock held = ExclusiveLock.tryAcquire(file).orElseThrow()) {
            assertThat(ExclusiveLock.tryAcquire(file)).isEmpty();
            assertThat(ExclusiveLock.tryAcquire(file.getParent().resolve(".").resolve("worker.lock"))).isEmpty();

            assertThat(probeFromAnotherProcess(file)).as("another process finds the lock held").isEqualTo(3);
        }
        assertThat(probeFromAnotherProcess(file)).as("released on close").isZero();
        try (ExclusiveLock again = ExclusiveLock.tryAcquire(file).orElseThrow()) {
            assertThat(again).isNotNull();
        }
    }
}
