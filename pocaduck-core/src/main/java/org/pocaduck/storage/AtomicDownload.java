package org.pocaduck.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Makes {@link ObjectStore#download} all-or-nothing: the object is streamed into a temporary file beside the target,
 * which replaces the target only when complete, so a cache never holds a truncated copy after a failed download.
 */
public final class AtomicDownload {
    private AtomicDownload() {
    }

    /** Writes the content of a download into the file it is given. */
    @FunctionalInterface
    public interface Transfer {
        void into(Path file) throws IOException;
    }

    /** Runs {@code transfer} into a temporary file and moves the result to {@code target}. */
    public static void replace(Path target, Transfer transfer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + absolute.getFileName(), ".download");
        try {
            transfer.into(temp);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
