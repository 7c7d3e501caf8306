package org.pocaduck.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.StorageConfig;

/**
 * What a task carries rebuilds the driver's configuration exactly, options and secrets included, for every kind of
 * location; its {@code toString()} shows the location only.
 */
class StorageLocationTest {
    @TempDir
    Path temp;

    private static StorageConfig shipped(StorageConfig config) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new StorageLocation(config));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return ((StorageLocation) in.readObject()).config();
        }
    }

    @Test
    void everyKindOfLocationArrivesWithItsOptions() throws Exception {
        StorageConfig[] configs = {
            StorageConfig.local(temp.resolve("local")),
            StorageConfig.builder("s3://lab-bucket/point/clouds").s3Region("eu-west-1").s3AccessKeyId("AKIAEXAMPLE")
                    .s3SecretAccessKey("s3-secret-value").s3SessionToken("session-token-value")
                    .s3EndpointUrl("http://127.0.0.1:9000").s3PathStyle(false).build(),
            StorageConfig.builder("gs://lab-bucket/pc").gcsProjectId("lab-project").build(),
            StorageConfig.builder("az://container/pc").azureAccountName("labaccount")
                    .azureAccountKey("azure-key-value").azureEndpointUrl("http://127.0.0.1:10000/labaccount").build(),
            StorageConfig.builder("https://labaccount.blob.core.windows.net/container/pc")
                    .azureSasToken("sv=2024&sig=sas-signature-value").build(),
            StorageConfig.builder("abfss://container@labaccount.dfs.core.windows.net/pc").build(),
            StorageConfig.builder("az://container/pc")
                    .azureConnectionString("AccountName=labaccount;AccountKey=connection-key-value").build(),
        };
        for (StorageConfig config : configs) {
            assertThat(shipped(config)).as(config.toString()).isEqualTo(config);
        }
    }

    @Test
    void itsTextShowsTheLocationAndNoSecret() {
        StorageConfig config = StorageConfig.builder("s3://lab-bucket/pc").s3AccessKeyId("AKIAEXAMPLE")
                .s3SecretAccessKey("s3-secret-value").build();

        assertThat(new StorageLocation(config).toString()).isEqualTo("StorageLocation[s3://lab-bucket/pc]");
    }
}
