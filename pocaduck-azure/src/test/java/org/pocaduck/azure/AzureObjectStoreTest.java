package org.pocaduck.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import org.pocaduck.StoredDatasets;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStoreContract;
import org.pocaduck.storage.ObjectStores;

/** The contract against Azurite, the Azure Storage emulator, run on 127.0.0.1 for this class. */
class AzureObjectStoreTest extends ObjectStoreContract {
    private static final String CONTAINER = "pocaduck-test";
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static Azurite azurite;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = Azurite.start();
        new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .createBlobContainer(CONTAINER);
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    protected ObjectStore openStore() throws IOException {
        return ObjectStores.open(nextConfig());
    }

    @Override
    protected ObjectStore openStore(int partBytes) {
        StorageConfig config = nextConfig();
        return new AzureObjectStore(AzureObjectStoreProvider.container(config), config, partBytes);
    }

    private static StorageConfig nextConfig() {
        return StorageConfig.builder(nextLocation()).azureConnectionString(azurite.connectionString()).build();
    }

    @Override
    protected List<String> secrets() {
        return List.of(Azurite.KEY, azurite.connectionString());
    }

    private static String nextLocation() {
        return "az://" + CONTAINER + "/datasets/run-" + PREFIXES.incrementAndGet();
    }

    @Test
    void accountKeyAndSasTokenReachTheSameBlobs() throws IOException {
        store.write("pocaduck.json", bytes("{}"));
        String location = store.location();
        StorageConfig withKey = StorageConfig.builder(location).azureEndpointUrl(azurite.endpoint())
                .azureAccountName(Azurite.ACCOUNT).azureAccountKey(Azurite.KEY).build();
        BlobContainerClient keyed = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient().getBlobContainerClient(CONTAINER);
        String sas = keyed.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
        StorageConfig withSas = StorageConfig.builder(location).azureEndpointUrl(azurite.endpoint())
                .azureSasToken(sas).build();

        try (ObjectStore byKey = ObjectStores.open(withKey); ObjectStore bySas = ObjectStores.open(withSas)) {
            assertThat(byKey.read("pocaduck.json")).isEqualTo(bytes("{}"));
            assertThat(bySas.read("pocaduck.json")).isEqualTo(bytes("{}"));
            assertThat(bySas.list("")).containsExactly(new ObjectInfo("pocaduck.json", 2));
            assertThat(bySas + " " + bySas.location()).doesNotContain(sas);
            assertThatThrownBy(() -> bySas.delete("pocaduck.json"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContainingAll("delete", "pocaduck.json", location, "403")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(sas.substring(sas.indexOf("sig="))));
        }
    }

    @Test
    void aWrongKeyFailsNamingKeyAndOperationButNotTheKey() throws IOException {
        String wrongKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXlXcm9uZ0tleQ==";
        StorageConfig config = StorageConfig.builder(nextLocation()).azureEndpointUrl(azurite.endpoint())
                .azureAccountName(Azurite.ACCOUNT).azureAccountKey(wrongKey).build();

        try (ObjectStore wrong = ObjectStores.open(config)) {
            assertThatThrownBy(() -> wrong.read("pocaduck.json"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContainingAll("read", "pocaduck.json", config.location(), "403")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(wrongKey));
        }
    }

    @Test
    void aMissingContainerIsNamed() throws IOException {
        try (ObjectStore missing = ObjectStores.open(StorageConfig.builder("az://no-such-container/pc")
                .azureConnectionString(azurite.connectionString()).build())) {
            assertThatThrownBy(() -> missing.read("pocaduck.json"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContainingAll("read", "pocaduck.json", "az://no-such-container/pc", "ContainerNotFound");
        }
    }

    @Test
    void exactlyOneOfManyConcurrentCreatesWins() throws Exception {
        assertExactlyOneOfManyConcurrentCreatesWins();
    }

    @Test
    void withoutCredentialsTheDefaultChainIsUsed() throws IOException {
        try (ObjectStore store = ObjectStores.open(StorageConfig.of("https://acct01.blob.core.windows.net/c01/pc"))) {
            assertThat(store.location()).isEqualTo("https://acct01.blob.core.windows.net/c01/pc");
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** A dataset written on disk and uploaded as it is answers from the container exactly as from disk. */
    @Test
    void aDatasetInAContainerAnswersLikeTheSameDatasetOnDisk(@TempDir Path local) throws IOException {
        StorageConfig onDisk = StoredDatasets.writeH01(local);
        StoredDatasets.upload(local, store);

        try (Query disk = Query.open(onDisk); Query container = Query.open(StorageConfig.builder(store.location())
                .azureConnectionString(azurite.connectionString()).build())) {
            StoredDatasets.assertSameAnswers(disk, container);
        }
    }
}
