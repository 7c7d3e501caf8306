package org.pocaduck.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pocaduck.StorageConfig;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStoreContract;
import org.pocaduck.storage.ObjectStores;

/**
 * The contract against google-cloud-nio's in-memory Storage service ({@link LocalStorageHelper}): no GCS emulator can
 * be installed where these tests run. That fake ignores preconditions and is not thread-safe, so the atomicity of
 * {@code createIfAbsent} under races is not exercised here; and it pads a range that starts inside an object but ends
 * past it with zeros where GCS returns the shorter range, so only ranges starting past the end are checked.
 */
class GcsObjectStoreTest extends ObjectStoreContract {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @Override
    protected ObjectStore openStore() {
        return new GcsObjectStore(LocalStorageHelper.customOptions(false).getService(), nextConfig());
    }

    @Override
    protected ObjectStore openStore(int partBytes) {
        return new GcsObjectStore(LocalStorageHelper.customOptions(false).getService(), nextConfig(), partBytes);
    }

    private static StorageConfig nextConfig() {
        return StorageConfig.of("gs://pocaduck-test/datasets/run-" + PREFIXES.incrementAndGet());
    }

    @Override
    @ParameterizedTest
    @ValueSource(longs = {10_001, 20_000})
    protected void rangedReadsPastTheEndFailNamingKeyAndSize(long offset) throws IOException {
        super.rangedReadsPastTheEndFailNamingKeyAndSize(offset);
    }

    @Test
    void theProviderIsFoundBySchemeAndLoadsAServiceAccountKey() throws Exception {
        String privateKey = pemPrivateKey();
        Path keyFile = Files.writeString(temp.resolve("key.json"), """
                {"type": "service_account", "project_id": "pocaduck-test", "private_key_id": "0123",
                 "private_key": "%s", "client_email": "tester@pocaduck-test.iam.gserviceaccount.com",
                 "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token"}
                """.formatted(privateKey.replace("\n", "\\n")));
        StorageConfig config = StorageConfig.builder("gs://pocaduck-test/pc").gcsProjectId("pocaduck-test")
                .gcsCredentialsFile(keyFile).build();

        try (ObjectStore opened = ObjectStores.open(config)) {
            assertThat(opened).isInstanceOf(GcsObjectStore.class);
            assertThat(opened.toString()).contains("gs://pocaduck-test/pc").doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void anUnreadableCredentialsFileIsNamedWithoutItsContent() throws IOException {
        Path keyFile = Files.writeString(temp.resolve("broken.json"), "{\"private_key\": \"TOPSECRET\"}");
        StorageConfig config = StorageConfig.builder("gs://pocaduck-test/pc").gcsCredentialsFile(keyFile).build();

        assertThatThrownBy(() -> ObjectStores.open(config))
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll("gcsCredentialsFile", keyFile.toString())
                .hasMessageNotContaining("TOPSECRET");
    }

    private static String pemPrivateKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }
}
