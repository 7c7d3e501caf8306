package org.pocaduck.internal.format;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A directory of this process's own in the system's temporary directory, for what a step spills or stages: DuckDB's
 * sort runs, a bucket dataset's files on their way up or down. Closing it deletes it. A killed process cannot, and
 * at scale what it leaves is gigabytes, so each directory holds a lock file that its process keeps locked while it
 * lives (the operating system drops the lock with the process): whoever creates a scratch directory first deletes the
 * ones of the same kind whose lock it can take.
 */
public final class ScratchDirectory implements AutoCloseable {
    static final String OWNER_LOCK = "owner.lock";
    /**
     * A lock file younger than this may belong to a process that has created it but not locked it yet; creating and
     * locking take microseconds.
     */
    static final Duration SETTLE = Duration.ofMinutes(1);
    private static final String PREFIX = "pocaduck-";

    private final Path path;
    private final ExclusiveLock owner;

    private ScratchDirectory(Path path, ExclusiveLock owner) {
        this.path = path;
        this.owner = owner;
    }

    /**
     * A new, empty scratch directory named {@code pocaduck-<kind>-...}, after deleting the abandoned ones of that kind.
     *
     * @param kind what the directory is for, such as {@code consolidate}
     */
    public static ScratchDirectory create(String kind) throws IOException {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        removeAbandoned(temp, kind);
        Path path = Files.createTempDirectory(temp, PREFIX + kind + "-");
        Optional<ExclusiveLock> owner = ExclusiveLock.tryAcquire(path.resolve(OWNER_LOCK));
        if (owner.isEmpty()) {
            throw new IOException("cannot lock " + path.resolve(OWNER_LOCK) + ", in a directory created just now");
        }
        return new ScratchDirectory(path, owner.get());
    }

    public Path path() {
        return path;
    }

    /**
     * Deletes the scratch directories of {@code kind} in {@code temp} whose owner is gone: their lock file is old enough
     * and no process holds it. Directories without a lock file, of another user or of a live process stay. Never fails.
     */
    static void removeAbandoned(Path temp, String kind) {
        Instant settledBefore = Instant.now().minus(SETTLE);
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(temp, PREFIX + kind + "-*")) {
            for (Path directory : directories) {
                removeIfAbandoned(directory, settledBefore);
            }
        } catch (IOException | SecurityException e) {
            // An unreadable temporary directory: what is there stays, as it would have without this.
        }
    }

    private static void removeIfAbandoned(Path directory, Instant settledBefore) {
        Path lockFile = directory.resolve(OWNER_LOCK);
        try {
            if (!Files.isRegularFile(lockFile)
                    || !Files.getLastModifiedTime(lockFile).toInstant().isBefore(settledBefore)) {
                return;
            }
            Optional<ExclusiveLock> lock = ExclusiveLock.tryAcquire(lockFile);
            if (lock.isPresent()) {
                try (ExclusiveLock abandoned = lock.get()) {
                    FileTrees.deleteTree(directory);
                }
            }
        } catch (IOException | SecurityException e) {
            // Another user's directory, or one removed meanwhile: not ours to remove, or gone already.
        }
    }

    /**
     * Deletes the directory and everything in it, then lets go of its lock. Never fails: what it held was the step's
     * scratch, not its outcome, and a directory it could not delete is unlocked now, so the next sweep removes it.
     */
    @Override
    public void close() {
        try {
            FileTrees.deleteTree(path);
        } catch (IOException e) {
            // Left for the next sweep.
        } finally {
            try {
                owner.close();
            } catch (IOException e) {
                // The lock goes with the channel, which is closed even so.
            }
        }
    }
}
