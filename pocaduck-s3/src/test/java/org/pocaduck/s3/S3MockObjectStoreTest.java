package org.pocaduck.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.StorageConfig;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectKey;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStoreContract;
import org.pocaduck.storage.ObjectStores;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The contract against S3Mock, run in this JVM on 127.0.0.1. S3Mock enforces {@code If-None-Match: *}, so here the
 * conditional PUT, not only the HEAD before it, keeps a second create from overwriting. (Its check is not atomic
 * across concurrent requests, so races are not tested against it; see DEVELOPERS.md.)
 */
class S3MockObjectStoreTest extends ObjectStoreContract {
    private static final String BUCKET = "pocaduck-test";
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static S3MockApplication server;
    /** S3Mock's store, which it would otherwise create under java.io.tmpdir and not always remove. */
    @TempDir
    static Path storeRoot;

    @BeforeAll
    static void startServer() {
        // S3Mock edits the map it is given.
        server = S3MockApplication.start(new HashMap<>(Map.of(
                "com.adobe.testing.s3mock.store.root", storeRoot.toString(),
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

    /**
     * The race {@code uploadIfAbsent}'s HEAD cannot see: the object appears after it. The completion's
     * {@code If-None-Match: *} then refuses to replace it, and the refused upload is aborted. S3Mock 5.2.0's
     * AbortMultipartUpload also removes the key's object, which S3 leaves alone (see DEVELOPERS.md), so what is checked
     * afterwards is that whatever object the key has is the first writer's.
     */
    @Test
    void aConditionalMultipartCompletionRefusesToReplaceAnObject() throws IOException {
        String key = "compact/000001/shard-0001.parquet";
        store.write(key, bytes("the winner's file"));
        Path source = randomFile("loser.parquet", 2 * SMALL_PART_BYTES + 1_000, 11);
        StorageConfig config = config(store.location());
        String name = ObjectKey.under(config.prefix(), key);

        try (S3Client client = S3ObjectStoreProvider.client(config)) {
            assertThatThrownBy(() -> new MultipartUpload(client, BUCKET, name, SMALL_PART_BYTES)
                    .upload(source, Files.size(source), true))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));

            assertThat(client.listMultipartUploads(request -> request.bucket(BUCKET).prefix(name)).uploads())
                    .isEmpty();
        }
        for (ObjectInfo object : store.list("")) {
            assertThat(store.read(object.key())).as(object.key()).isEqualTo(bytes("the winner's file"));
        }
    }

    private static StorageConfig nextConfig() {
        return config("s3://" + BUCKET + "/datasets/run-" + PREFIXES.incrementAndGet());
    }

    private static StorageConfig config(String location) {
        return StorageConfig.builder(location).s3EndpointUrl("http://127.0.0.1:" + server.getHttpPort())
                .s3AccessKeyId("AKIAPOCADUCKTEST").s3SecretAccessKey("not-checked-by-s3mock").build();
    }
}
