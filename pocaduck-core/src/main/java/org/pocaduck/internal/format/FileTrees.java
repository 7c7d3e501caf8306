package org.pocaduck.internal.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes directory trees: files first (through a caller's deleter, e.g. one that counts), then directories. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes one file. */
    public interface FileDeleter {
        void delete(Path file) throws IOException;
    }

    /** Deletes {@code directory} and everything in it; nothing happens when it does not exist. */
    public static void deleteTree(Path directory) throws IOException {
        deleteTree(directory, Files::delete);
    }

    /** Like {@link #deleteTree(Path)}, deleting each file (not directory) with {@code deleteFile}. */
    public static void deleteTree(Path directory, FileDeleter deleteFile) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(path)) {
                    Files.delete(path);
                } else {
                    deleteFile.delete(path);
                }
            }
        }
    }
}
