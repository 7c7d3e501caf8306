package org.pocaduck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a benchmark's scratch directory and everything in it. */
final class RecursiveDelete {
    private RecursiveDelete() {
    }

    /** Deletes every directory in {@code parent}, leaving its files (the reports). */
    static void directoriesIn(Path parent) {
        try (Stream<Path> entries = Files.list(parent)) {
            entries.filter(Files::isDirectory).forEach(RecursiveDelete::of);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent, e);
        }
    }

    static void of(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
