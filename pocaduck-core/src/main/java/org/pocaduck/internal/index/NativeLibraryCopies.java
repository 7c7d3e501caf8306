package org.pocaduck.internal.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The copies of their native libraries that DuckDB's JDBC driver and Arrow's C data interface unpack into the
 * temporary directory, one each per process (neither offers a fixed name or other place). They delete their copies at
 * a normal exit only, so every killed process leaves DuckDB's (some 70 MB) and Arrow's (40 KB) behind. A copy old
 * enough is not one a starting process is about to load, and deleting a loaded one is harmless (the process keeps
 * its mapping; where the system refuses, the copy stays).
 */
final class NativeLibraryCopies {
    /**
     * The libraries' names, on every system: DuckDB's {@code Files.createTempFile("libduckdb_java", ".so")} and
     * Arrow's {@code File.createTempFile("jnilib-", ".tmp")} (its {@code JniLoader}).
     */
    private static final List<String> PATTERNS = List.of("libduckdb_java*.so", "jnilib-*.tmp");
    /** Far longer than unpacking and loading take. */
    static final Duration STALE_AFTER = Duration.ofMinutes(1);

    private NativeLibraryCopies() {
    }

    /** Deletes the copies in {@code directory} last written more than {@link #STALE_AFTER} ago; never fails. */
    static void removeStale(Path directory) {
        Instant staleBefore = Instant.now().minus(STALE_AFTER);
        for (String pattern : PATTERNS) {
            try (DirectoryStream<Path> copies = Files.newDirectoryStream(directory, pattern)) {
                for (Path copy : copies) {
                    deleteIfOlder(copy, staleBefore);
                }
            } catch (IOException | SecurityException e) {
                // An unreadable temporary directory: the copies stay, as they would have without this.
            }
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
