package org.pocaduck.internal.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An operating-system lock on a file, held while a worker writes or a consolidation runs. The operating system
 * releases it when the process dies, so a killed worker never leaves a stale lock behind; within one JVM a second
 * attempt fails too.
 *
 * <p>A lock file this JVM holds is never opened a second time: on Linux, closing any channel of a file drops every
 * lock the process holds on it, so a failed second attempt would silently unlock the first holder for other
 * processes.
 */
public final class ExclusiveLock implements AutoCloseable {
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private ExclusiveLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another holder, in this process or another, has it. */
    public static Optional<ExclusiveLock> tryAcquire(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        if (!HELD_HERE.add(key)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new ExclusiveLock(key, channel, lock));
            }
        } catch (OverlappingFileLockException e) {
            // Held by this JVM through another path to the same file: treated like a holder in another process.
        } catch (IOException | RuntimeException e) {
            release(key, channel);
            throw e;
        }
        release(key, channel);
        return Optional.empty();
    }

    private static void release(Path key, FileChannel channel) throws IOException {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            HELD_HERE.remove(key);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            release(key, channel);
        }
    }
}
