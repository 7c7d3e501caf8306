package org.pocaduck.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.Ingestor;
import org.pocaduck.Query;
import org.pocaduck.StoredDatasets;
import org.pocaduck.StorageConfig;
import org.pocaduck.internal.index.GenerationLookup;
import org.pocaduck.storage.ObjectKey;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStoreContract;
import org.pocaduck.storage.ObjectStores;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** The contract against s3proxy, a real S3 server, run in this JVM on 127.0.0.1 with an in-memory backend. */
class S3ObjectStoreTest extends ObjectStoreContract {
    private static final String BUCKET = S3ProxyServer.BUCKET;
    private static final String ACCESS_KEY_ID = S3ProxyServer.ACCESS_KEY_ID;
    private static final String SECRET_ACCESS_KEY = S3ProxyServer.SECRET_ACCESS_KEY;
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    /** Labels of one point that make a label index larger than what an open reads whole. */
    private static final int LABELS_BEYOND_WHOLE_READ = 80_000;
    /** The manifest and the headers of an open's responses. */
    private static final long HEADERS_AND_MANIFEST = 8 << 10;
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected ObjectStore openStore() throws IOException {
        return ObjectStores.open(config("s3://" + BUCKET + "/datasets/run-" + PREFIXES.incrementAndGet(),
                SECRET_ACCESS_KEY));
    }

    @Override
    protected ObjectStore openStore(int partBytes) {
        StorageConfig config = config("s3://" + BUCKET + "/datasets/run-" + PREFIXES.incrementAndGet(),
                SECRET_ACCESS_KEY);
        return new S3ObjectStore(S3ObjectStoreProvider.client(config), config, partBytes);
    }

    @Override
    protected List<String> secrets() {
        return List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    private static StorageConfig config(String location, String secretAccessKey) {
        return server.config(location, secretAccessKey);
    }

    @Test
    void datasetsAtTheBucketRootHaveKeysWithoutPrefix() throws IOException {
        try (ObjectStore root = ObjectStores.open(config("s3://" + BUCKET, SECRET_ACCESS_KEY))) {
            store.write("pocaduck.json", bytes("{}"));

            assertThat(root.list("datasets/run-")).extracting(info -> info.key()).contains(
                    "datasets/run-" + PREFIXES.get() + "/pocaduck.json");
        }
    }

    @Test
    void wrongCredentialsFailNamingKeyAndOperationButNotTheSecret() throws IOException {
        String wrongSecret = "wrong/SECRET+value+that+must+not+leak";
        try (ObjectStore wrong = ObjectStores.open(config("s3://" + BUCKET + "/x", wrongSecret))) {
            assertThat(wrong.toString()).doesNotContain(wrongSecret);
            // A read: s3proxy may refuse an upload before reading its body, and the client then sees a broken pipe.
            assertThatThrownBy(() -> wrong.read("pocaduck.json"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContainingAll("read", "pocaduck.json", "s3://" + BUCKET + "/x", "403")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(wrongSecret));
        }
    }

    @Test
    void aMissingBucketIsNamed() throws IOException {
        try (ObjectStore missing = ObjectStores.open(config("s3://no-such-bucket/pc", SECRET_ACCESS_KEY))) {
            assertThatThrownBy(() -> missing.read("pocaduck.json"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContainingAll("read", "pocaduck.json", "s3://no-such-bucket/pc");
        }
    }

    /**
     * A file that ends before its last part (it shrank during the upload) fails the multipart upload after two parts
     * were stored; the upload is aborted, so neither an object nor its parts remain.
     */
    @Test
    void aMultipartUploadThatFailsMidwayIsAbortedAndLeavesNoObject() throws IOException {
        Path source = randomFile("shrunk.parquet", 2 * SMALL_PART_BYTES + 1_000, 10);
        StorageConfig config = config(store.location(), SECRET_ACCESS_KEY);
        String name = ObjectKey.under(config.prefix(), "workers/w/part-000001.parquet");

        try (S3Client client = S3ObjectStoreProvider.client(config)) {
            assertThatThrownBy(() -> new MultipartUpload(client, BUCKET, name, SMALL_PART_BYTES)
                    .upload(source, 3 * SMALL_PART_BYTES, true))
                    .isInstanceOf(SdkException.class)
                    .hasStackTraceContaining("file ended at " + (2 * SMALL_PART_BYTES + 1_000));

            assertThat(client.listMultipartUploads(request -> request.bucket(BUCKET).prefix(name)).uploads())
                    .isEmpty();
        }
        assertThat(store.list("")).isEmpty();
    }

    /** A dataset written on disk and uploaded as it is answers from the bucket exactly as from disk. */
    @Test
    void aDatasetInABucketAnswersLikeTheSameDatasetOnDisk(@TempDir Path local) throws IOException {
        StorageConfig onDisk = StoredDatasets.writeH01(local);
        StoredDatasets.upload(local, store);

        try (Query disk = Query.open(onDisk); Query bucket = Query.open(config(store.location(), SECRET_ACCESS_KEY))) {
            assertThat(bucket.toString()).contains(store.location()).doesNotContain(SECRET_ACCESS_KEY);
            StoredDatasets.assertSameAnswers(disk, bucket);
        }
    }

    /**
     * Opening a bucket dataset reads the manifest and the label index's tail; a cold getPoints of a small label in a
     * large part file is then one request for the label's page and one for the column chunks of the row groups that
     * hold the label: no size lookup and no footer. Counted on the wire between client and server.
     */
    @Test
    void aLargeLabelIndexOpensByItsTailAndAColdReadIsItsPageAndTheLabelsChunks(@TempDir Path local)
            throws Exception {
        StorageConfig onDisk = StorageConfig.local(local);
        long small = 424_242;
        writeLabelsWithOneSmall(onDisk, small, LABELS_BEYOND_WHOLE_READ);
        Ingestor.consolidateIndexes(onDisk);
        assertThat(Files.size(local.resolve("index/index-000001.lookup")))
                .isGreaterThan(GenerationLookup.READ_WHOLE_BYTES);
        Path part = local.resolve("workers/w/part-000001.parquet");
        StoredDatasets.upload(local, store);
        long labelChunkBytes = compressedBytesOfRowGroupsHolding(part, small);

        try (CountingProxy proxy = new CountingProxy(server.port())) {
            try (Query bucket = openInAFewRequests(proxy, (64 << 10) + HEADERS_AND_MANIFEST)) {
                long bytesBefore = proxy.bytesServed();
                long requestsBefore = proxy.requestsWithoutBody();
                assertThat(bucket.getPoints(small).size()).isEqualTo(40);
                long served = proxy.bytesServed() - bytesBefore;
                assertThat(proxy.requestsWithoutBody() - requestsBefore).isEqualTo(2);
                // The label's page is a few KB; each response adds a few hundred bytes of HTTP headers.
                assertThat(served).isGreaterThanOrEqualTo(labelChunkBytes)
                        .isLessThanOrEqualTo(labelChunkBytes + (16 << 10)).isLessThan(Files.size(part) / 4);

                // Warm: the page is cached, only the chunks are fetched again.
                long warmBefore = proxy.requestsWithoutBody();
                assertThat(bucket.getPoints(small).size()).isEqualTo(40);
                assertThat(proxy.requestsWithoutBody() - warmBefore).isLessThanOrEqualTo(1);
            }
        }
    }

    /** A small label index is read whole when the dataset is opened: a cold read is then one request, for the chunks. */
    @Test
    void aSmallLabelIndexIsReadWholeWhenOpened(@TempDir Path local) throws Exception {
        StorageConfig onDisk = StorageConfig.local(local);
        long small = 424_242;
        writeLabelsWithOneSmall(onDisk, small, 0);
        Ingestor.consolidateIndexes(onDisk);
        long lookupBytes = Files.size(local.resolve("index/index-000001.lookup"));
        Path part = local.resolve("workers/w/part-000001.parquet");
        StoredDatasets.upload(local, store);
        long labelChunkBytes = compressedBytesOfRowGroupsHolding(part, small);

        try (CountingProxy proxy = new CountingProxy(server.port())) {
            try (Query bucket = openInAFewRequests(proxy, lookupBytes + HEADERS_AND_MANIFEST)) {
                long bytesBefore = proxy.bytesServed();
                long requestsBefore = proxy.requestsWithoutBody();
                assertThat(bucket.getPoints(small).size()).isEqualTo(40);
                assertThat(proxy.requestsWithoutBody() - requestsBefore).isEqualTo(1);
                assertThat(proxy.bytesServed() - bytesBefore).isGreaterThanOrEqualTo(labelChunkBytes)
                        .isLessThanOrEqualTo(labelChunkBytes + (2 << 10));
                assertThat(bucket.getBlocksForLabel(7)).containsExactly("b0");
                assertThat(proxy.requestsWithoutBody() - requestsBefore).isEqualTo(1);
            }
        }
    }

    /**
     * A generation consolidated incrementally has two segments: opening reads the manifest, the large base's tail and
     * the small second segment whole (their sizes are in the manifest), so a cold read of a small label takes the
     * base's page and the label's chunks: two requests, as in a generation of one segment.
     */
    @Test
    void anIncrementalGenerationOpensAndReadsInAsFewRequests(@TempDir Path local) throws Exception {
        StorageConfig onDisk = StorageConfig.local(local);
        long small = 424_242;
        writeLabelsWithOneSmall(onDisk, small, LABELS_BEYOND_WHOLE_READ);
        Ingestor.consolidateIndexes(onDisk);
        try (Ingestor late = Ingestor.open(onDisk, "late")) {
            late.write(1L, "late-block", new long[][] {{1, 2, 3}, {4, 5, 6}});
            late.write(Long.MAX_VALUE, "late-block", new long[][] {{7, 8, 9}});
        }
        assertThat(Ingestor.consolidateIndexes(onDisk).baseGeneration()).isEqualTo(1);
        long secondBytes = Files.size(local.resolve("index/index-000002.lookup"));
        assertThat(secondBytes).isLessThanOrEqualTo(GenerationLookup.READ_WHOLE_BYTES);
        StoredDatasets.upload(local, store);
        long labelChunkBytes = compressedBytesOfRowGroupsHolding(local.resolve("workers/w/part-000001.parquet"), small);

        try (CountingProxy proxy = new CountingProxy(server.port())) {
            try (Query bucket = openInAFewRequests(proxy, (64 << 10) + secondBytes + HEADERS_AND_MANIFEST)) {
                long bytesBefore = proxy.bytesServed();
                long requestsBefore = proxy.requestsWithoutBody();
                assertThat(bucket.getPoints(small).size()).isEqualTo(40);
                assertThat(proxy.requestsWithoutBody() - requestsBefore).isEqualTo(2);
                // The base's label page of a few KB, and the label's row group (of random points, which compress poorly).
                assertThat(proxy.bytesServed() - bytesBefore).isLessThanOrEqualTo(labelChunkBytes + (16 << 10));
                assertThat(bucket.getPoints(1L).size()).isEqualTo(2_500 + 2);
                assertThat(bucket.getPoints(Long.MAX_VALUE).toLongArray()).isDeepEqualTo(new long[][] {{7, 8, 9}});
                assertThat(bucket.getBlocksForLabel(1L)).containsExactly("b1", "late-block");
            }
        }
    }

    /**
     * Opens the dataset through the proxy, checking that it takes at most 3 requests and {@code maxBytes}: the
     * manifest, and each label index whole or its tail (or one label index's size and tail).
     */
    private Query openInAFewRequests(CountingProxy proxy, long maxBytes) {
        Query bucket = Query.open(StorageConfig.builder(store.location())
                .s3EndpointUrl("http://127.0.0.1:" + proxy.port()).s3Region("us-east-1")
                .s3AccessKeyId(ACCESS_KEY_ID).s3SecretAccessKey(SECRET_ACCESS_KEY).build());
        assertThat(proxy.requestsWithoutBody()).isLessThanOrEqualTo(3);
        assertThat(proxy.bytesServed()).isLessThanOrEqualTo(maxBytes);
        return bucket;
    }

    /**
     * 400 labels of 2,500 random points in one part file, but for {@code small}, which has 40; then {@code oneEach}
     * labels of one point in a block each, which make the label index large but add few rows.
     */
    private static void writeLabelsWithOneSmall(StorageConfig config, long small, int oneEach) {
        SplittableRandom random = new SplittableRandom(7);
        try (Ingestor ingestor = Ingestor.open(config, "w")) {
            for (int label = 1; label <= 400; label++) {
                long[][] points = new long[label == 200 ? 40 : 2_500][3];
                for (long[] point : points) {
                    point[0] = random.nextLong(1 << 20);
                    point[1] = random.nextLong(1 << 20);
                    point[2] = random.nextLong(1 << 20);
                }
                ingestor.write(label == 200 ? small : label, "b" + label % 7, points);
            }
            for (int i = 0; i < oneEach; i++) {
                ingestor.write(1_000_000L + 7L * i, "one-" + i, new long[][] {{i, i, i}});
            }
        }
    }

    /** The compressed bytes of the x, y and z column chunks of the row groups that hold rows of {@code label}. */
    private static long compressedBytesOfRowGroupsHolding(Path file, long label) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement statement = duck.prepareStatement("WITH rows AS (SELECT min(file_row_number) AS"
                        + " first, max(file_row_number) AS last FROM read_parquet(?, file_row_number = true)"
                        + " WHERE label = ?::UBIGINT), groups AS (SELECT row_group_id, path_in_schema,"
                        + " total_compressed_size, sum(row_group_num_rows) OVER (PARTITION BY path_in_schema ORDER BY"
                        + " row_group_id) - row_group_num_rows AS start, row_group_num_rows AS count"
                        + " FROM parquet_metadata(?)) SELECT sum(total_compressed_size) FROM groups, rows"
                        + " WHERE path_in_schema IN ('x', 'y', 'z') AND start <= rows.last"
                        + " AND start + count > rows.first")) {
            statement.setString(1, file.toString());
            statement.setString(2, Long.toUnsignedString(label));
            statement.setString(3, file.toString());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
