package org.pocaduck.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pocaduck.StorageConfig;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStoreContract;
import org.pocaduck.storage.ObjectStores;

/**
 * The contract against S3Mock, run in this JVM on 127.0.0.1. S3Mock enforces {@code If-None-Match: *}, so here the
 * conditional PUT, not only the HEAD before it, keeps a second create from overwriting. (Its check is not atomic
 * across concurrent requests, so races are not tested against it; see DEVELOPERS.md.)
 */
class S3MockObjectStoreTest extends ObjectStoreContract {
    private static final String BUCKET = "pocaduck-test";
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static S3MockApplication server;

    @BeforeAll
    static void startServer() {
        // S3Mock edits the map it is given.
        server = S3MockApplication.start(new HashMap<>(Map.of(
                S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_SILENT, true,
                "server.address", "127.0.0.1",
                "spring.main.sources", LoopbackConnectors.class.getName(),
                "com.adobe.testing.s3mock.store.initial-buckets", BUCKET,
                "com.adobe.testing.s3mock.max-payload-size", "64MB")));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    protected ObjectStore openStore() throws IOException {
        return ObjectStores.open(nextConfig());
    }

    @Override
    protected ObjectStore openStore(int partBytes) {
        StorageConfig config = nextConfig();
        return new S3ObjectStore(S3ObjectStoreProvider.client(config), config, partBytes);
    }

    private static StorageConfig nextConfig() {
        return StorageConfig.builder("s3://" + BUCKET + "/datasets/run-" + PREFIXES.incrementAndGet())
                .s3EndpointUrl("http://127.0.0.1:" + server.getHttpPort())
                .s3AccessKeyId("AKIAPOCADUCKTEST").s3SecretAccessKey("not-checked-by-s3mock").build();
    }
}
