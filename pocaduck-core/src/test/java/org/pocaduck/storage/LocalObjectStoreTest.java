package org.pocaduck.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.pocaduck.StorageConfig;

class LocalObjectStoreTest extends ObjectStoreContract {
    @Override
    protected ObjectStore openStore() throws IOException {
        return ObjectStores.open(StorageConfig.local(temp.resolve("dataset")));
    }

    /** Local files have no parts. */
    @Override
    protected ObjectStore openStore(int partBytes) throws IOException {
        return openStore();
    }

    @Test
    void keysAreFilesUnderTheBase() throws IOException {
        store.write("workers/w-1/index.duckdb", bytes("index"));

        assertThat(temp.resolve("dataset/workers/w-1/index.duckdb")).hasContent("index");
        assertThat(store.location()).isEqualTo(temp.resolve("dataset").toString());
        assertThat(store.localDirectory()).contains(temp.resolve("dataset"));
    }

    /** A link to a file is an object, as exists() and size() say; a dangling link is none. */
    @Test
    void linksToFilesAreListedAndDanglingLinksAreNot() throws IOException {
        store.write("a/kept", bytes("kept"));
        Files.createSymbolicLink(temp.resolve("dataset/a/linked"), temp.resolve("dataset/a/kept"));
        Files.createSymbolicLink(temp.resolve("dataset/a/dangling"), temp.resolve("dataset/a/gone"));

        assertThat(store.list("a/")).containsExactly(new ObjectInfo("a/kept", 4), new ObjectInfo("a/linked", 4));
        assertThat(store.exists("a/linked")).isTrue();
        assertThat(store.exists("a/dangling")).isFalse();
    }

    /**
     * Files published by rename while a listing reads the directory (a worker flushing while a consolidation lists
     * the workers) are listed or not, but never make the listing fail.
     */
    @Test
    void listingToleratesFilesRenamedMeanwhile() throws Exception {
        Path directory = temp.resolve("dataset/workers/w-1");
        Files.createDirectories(directory);
        AtomicBoolean done = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                for (int part = 1; !done.get(); part++) {
                    Path tempFile = directory.resolve("part-" + part + ".parquet.tmp");
                    Files.writeString(tempFile, "points");
                    Files.move(tempFile, directory.resolve("part-" + part + ".parquet"));
                    Files.delete(directory.resolve("part-" + part + ".parquet"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.start();
        try {
            for (int listing = 0; listing < 2_000; listing++) {
                assertThat(store.list("workers/")).allSatisfy(object -> assertThat(object.key())
                        .startsWith("workers/w-1/part-"));
            }
        } finally {
            done.set(true);
            writer.join();
        }
    }

    @Test
    void unfinishedTemporaryFilesAreNotListed() throws IOException {
        store.write("a/kept", bytes("kept"));
        Files.writeString(temp.resolve("dataset/a/.kept.0123456789abcdef.tmp"), "half written");

        assertThat(store.list("")).containsExactly(new ObjectInfo("a/kept", 4));
    }

    @Test
    void exactlyOneOfManyConcurrentCreatesWins() throws Exception {
        assertExactlyOneOfManyConcurrentCreatesWins();
    }
}
