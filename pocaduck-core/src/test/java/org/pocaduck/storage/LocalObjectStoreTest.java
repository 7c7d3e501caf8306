package org.pocaduck.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.pocaduck.StorageConfig;

class LocalObjectStoreTest extends ObjectStoreContract {
    @Override
    protected ObjectStore openStore() throws IOException {
        return ObjectStores.open(StorageConfig.local(temp.resolve("dataset")));
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
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Boolean>> creates = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] content = bytes("writer " + i);
                creates.add(() -> store.createIfAbsent("pointer", content));
            }
            int wins = 0;
            for (Future<Boolean> created : pool.invokeAll(creates)) {
                wins += created.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("pointer");
        } finally {
            pool.shutdownNow();
        }
    }
}
