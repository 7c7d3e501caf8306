package org.pocaduck.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pocaduck.DatasetInStoreContract;
import org.pocaduck.StorageConfig;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;

/**
 * Every step of a dataset in Google Cloud Storage, against google-cloud-nio's in-memory Storage service (no GCS
 * emulator can be installed where these tests run), reached by URI through {@link InMemoryGcsProvider}.
 */
class GcsDatasetTest extends DatasetInStoreContract {
    private static final AtomicInteger DATASETS = new AtomicInteger();

    @Override
    protected StorageConfig newLocation() {
        return StorageConfig.of("gs://" + InMemoryGcsProvider.BUCKET + "/datasets/ds-" + DATASETS.incrementAndGet());
    }

    @Test
    void storesOpenedByUriShareTheInMemoryService() throws IOException {
        StorageConfig config = newLocation();
        try (ObjectStore writer = ObjectStores.open(config)) {
            writer.write("probe", new byte[] {1, 2, 3});
        }
        try (ObjectStore reader = ObjectStores.open(config)) {
            assertThat(reader.read("probe")).containsExactly(1, 2, 3);
        }
    }
}
