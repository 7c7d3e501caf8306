package org.pocaduck.internal.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An operating-system lock on a file, held while a worker writes or a consolidation runs. The operating system
 * releases it when the process dies, so a killed worker never leaves a stale lock behind; within one JVM a second
 * attempt fails too, because the JVM tracks its own file locks.
 */
public final class ExclusiveLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ExclusiveLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another holder has it. */
    public static Optional<ExclusiveLock> tryAcquire(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new ExclusiveLock(channel, lock));
            }
        } catch (OverlappingFileLockException e) {
            // Held by this JVM: treated exactly like a holder in another process.
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
