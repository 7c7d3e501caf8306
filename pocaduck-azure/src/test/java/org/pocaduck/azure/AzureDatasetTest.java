package org.pocaduck.azure;

import com.azure.storage.blob.BlobServiceClientBuilder;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pocaduck.DatasetInStoreContract;
import org.pocaduck.StorageConfig;

/** Every step of a dataset in Azure Blob Storage, against Azurite on 127.0.0.1. */
class AzureDatasetTest extends DatasetInStoreContract {
    private static final String CONTAINER = "pocaduck-datasets";
    private static final AtomicInteger DATASETS = new AtomicInteger();

    private static Azurite azurite;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = Azurite.start();
        new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .createBlobContainer(CONTAINER);
    }

    @AfterAll
    static void stopAzurite() throws IOException {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    protected StorageConfig newLocation() {
        return StorageConfig.builder("az://" + CONTAINER + "/datasets/ds-" + DATASETS.incrementAndGet())
                .azureConnectionString(azurite.connectionString()).build();
    }
}
