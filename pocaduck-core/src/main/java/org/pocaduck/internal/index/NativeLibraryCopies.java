package org.pocaduck.internal.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The copies of its native library that DuckDB's JDBC driver unpacks into the temporary directory, one per process
 * (it offers no fixed name or other place). It deletes its copy at a normal exit only, so every killed process leaves
 * one of some 70 MB behind. A copy old enough is not one a starting process is about to load, and deleting a loaded
 * one is harmless (the process keeps its mapping; where the system refuses, the copy stays).
 */
final class NativeLibraryCopies {
    /** The driver's names: {@code Files.createTempFile("libduckdb_java", ".so")}, on every system. */
    private static final String PATTERN = "libduckdb_java*.so";
    /** Far longer than unpacking and loading take. */
    static final Duration STALE_AFTER = Duration.ofMinutes(1);

    private NativeLibraryCopies() {
    }

    /** Deletes the copies in {@code directory} last written more than {@link #STALE_AFTER} ago; never fails. */
    static void removeStale(Path directory) {
        Instant staleBefore = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(directory, PATTERN)) {
            for (Path copy : copies) {
                deleteIfOlder(copy, staleBefore);
            }
        } catch (IOException | SecurityException e) {
            // An unreadable temporary directory: the copies stay, as they would have without this.
        }
    }

    private static void deleteIfOlder(Path copy, Instant staleBefore) {
        try {
            if (Files.getLastModifiedTime(copy).toInstant().isBefore(staleBefore)) {
                Files.deleteIfExists(copy);
            }
        } catch (IOException | SecurityException e) {
            // Another user's copy, or one deleted meanwhile: not ours to remove, or gone already.
        }
    }
}
