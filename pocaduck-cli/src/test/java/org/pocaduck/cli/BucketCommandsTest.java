package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.StorageConfig;
import org.pocaduck.H01Sample;
import org.pocaduck.StoredDatasets;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;

/**
 * The reading commands on a dataset in a bucket (s3proxy on 127.0.0.1, reached with the storage options) print
 * exactly what they print for the same dataset on disk.
 */
class BucketCommandsTest {
    private static final String BUCKET = "pc-cli";
    private static final String KEY_ID = "AKIACLITEST";
    private static final String SECRET = "cli/SECRET+test+key";

    @TempDir
    static Path local;

    private static BlobStoreContext backend;
    private static S3Proxy server;

    @BeforeAll
    static void uploadADataset() throws Exception {
        backend = ContextBuilder.newBuilder("transient").overrides(new Properties()).build(BlobStoreContext.class);
        backend.getBlobStore().createContainerInLocation(null, BUCKET);
        server = S3Proxy.builder().blobStore(backend.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY_ID, SECRET).build();
        server.start();
        while (!server.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        StoredDatasets.writeH01(local);
        try (ObjectStore store = ObjectStores.open(StorageConfig.builder("s3://" + BUCKET + "/h01")
                .s3EndpointUrl(endpoint()).s3AccessKeyId(KEY_ID).s3SecretAccessKey(SECRET).build())) {
            StoredDatasets.upload(local, store);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
        backend.close();
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private static Cli.Result onBucket(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--base", "s3://" + BUCKET + "/h01", "--s3-endpoint-url", endpoint(),
                "--s3-access-key-id", KEY_ID, "--s3-secret-access-key", SECRET));
        return Cli.run(all.toArray(String[]::new));
    }

    private static Cli.Result onDisk(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--base", local.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void readingCommandsAnswerFromTheBucketAsFromDisk() {
        Cli.Result labels = onBucket("labels");
        assertThat(labels.exitCode()).as(labels.err()).isZero();
        assertThat(labels.out()).isEqualTo(onDisk("labels").out()).isNotEmpty();
        for (String label : labels.out().lines().toList()) {
            assertThat(onBucket("count", "--label", label).out()).isEqualTo(onDisk("count", "--label", label).out());
            assertThat(onBucket("blocks", "--label", label).out()).isEqualTo(onDisk("blocks", "--label", label).out());
            assertThat(onBucket("points", "--label", label).out()).isEqualTo(onDisk("points", "--label", label).out());
        }
        Cli.Result verify = onBucket("verify");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(onBucket("info").out()).contains("points: 787").contains("labels: 6")
                .doesNotContain(SECRET);
    }

    @Test
    void writingCommandsBuildADatasetInTheBucket() {
        String base = "s3://" + BUCKET + "/ingested";
        List<String> storage = List.of("--base", base, "--s3-endpoint-url", endpoint(), "--s3-access-key-id", KEY_ID,
                "--s3-secret-access-key", SECRET);
        for (List<String> command : List.of(
                List.of("ingest", "--input", H01Sample.CSV.toString(), "--workers", "2", "--consolidate"),
                List.of("optimize", "--target-file-size", "4K"), List.of("cleanup"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(storage);
            Cli.Result result = Cli.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(command + ": " + result.err()).isZero();
            assertThat(result.out() + result.err()).doesNotContain(SECRET);
        }
        List<String> info = new ArrayList<>(List.of("info"));
        info.addAll(storage);
        assertThat(Cli.run(info.toArray(String[]::new)).out()).contains("points: 787", "labels: 6", "optimized: yes");
        for (String label : onDisk("labels").out().lines().toList()) {
            List<String> count = new ArrayList<>(List.of("count", "--label", label));
            count.addAll(storage);
            assertThat(Cli.run(count.toArray(String[]::new)).out()).isEqualTo(onDisk("count", "--label", label).out());
        }
    }
}
