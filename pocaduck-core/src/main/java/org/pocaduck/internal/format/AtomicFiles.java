package org.pocaduck.internal.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Makes files visible only when complete: content goes to a temporary name, is forced to disk, and is then renamed
 * (an atomic step on POSIX file systems), so a reader or a process restarted after kill -9 sees the old file or the
 * new one, never a torn one.
 */
public final class AtomicFiles {
    /** Suffix of files still being written; anything with it is garbage after a crash. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** The temporary name under which {@code target} is written before it is published. */
    public static Path tempFor(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    }

    /**
     * Deletes the temporary files a killed writer left directly in {@code directory}: names ending in
     * {@value #TEMP_SUFFIX}, and DuckDB's write-ahead logs of them. Call it only while holding the lock that excludes
     * every other writer of that directory, or it deletes a live writer's file.
     */
    public static void removeLeftovers(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + TEMP_SUFFIX + "{,.wal}")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Writes {@code content} to {@code target}, replacing any previous file atomically. */
    public static void write(Path target, byte[] content) throws IOException {
        Path temp = tempFor(target);
        writeDurably(temp, content);
        publish(temp, target);
    }

    /**
     * Writes {@code content} to {@code target} only if no file of that name exists; returns false (and leaves the
     * existing file alone) otherwise. A hard link is the atomic create-if-absent of POSIX file systems.
     */
    public static boolean createIfAbsent(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + TEMP_SUFFIX);
        writeDurably(temp, content);
        return publishIfAbsent(temp, target);
    }

    /**
     * Forces a finished temporary file to disk and gives it the name {@code target} only if no file has that name;
     * returns false (leaving the existing file alone) otherwise. The temporary file is gone either way.
     */
    public static boolean publishIfAbsent(Path temp, Path target) throws IOException {
        sync(temp);
        try {
            Files.createLink(target, temp);
            syncDirectory(target.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Forces a finished temporary file to disk and renames it to {@code target}. */
    public static void publish(Path temp, Path target) throws IOException {
        sync(temp);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    private static void writeDurably(Path path, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            // A full disk leaves a partial file: its space is returned at once, not when a later writer cleans up.
            Files.deleteIfExists(path);
            throw FailureReason.naming(path, e);
        }
    }

    /** Forces a file's content to disk. */
    public static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Forces a directory entry change (create, rename) to disk, so that it survives a power loss too. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories for fsync; the rename itself is still atomic there.
        }
    }
}
