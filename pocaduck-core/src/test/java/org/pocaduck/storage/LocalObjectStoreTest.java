package org.pocaduck.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
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
