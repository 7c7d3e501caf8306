package org.pocaduck.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link ObjectStore} must do, run against each implementation by a subclass that opens a store on an
 * empty location for every test.
 */
public abstract class ObjectStoreContract {
    /** Larger than every store's single-request upload limit used here, so uploads go in parts. */
    protected static final int LARGE_OBJECT_BYTES = 40 << 20;
    /** The part size of {@link #openStore(int)} in the streaming tests: S3's minimum, so that parts stay few MiB. */
    protected static final int SMALL_PART_BYTES = 5 << 20;
    /** Five parts of {@link #SMALL_PART_BYTES}, the last one short: above every store's single-request limit. */
    private static final int SEVERAL_PARTS_BYTES = 4 * SMALL_PART_BYTES + 12_345;

    @TempDir
    protected Path temp;

    protected ObjectStore store;

    /** A store on a location no other test uses. */
    protected abstract ObjectStore openStore() throws IOException;

    /**
     * Like {@link #openStore()}, but the store's multipart or block uploads go in parts of {@code partBytes} (a store
     * without parts ignores it); its location may be {@link #store}'s.
     */
    protected abstract ObjectStore openStore(int partBytes) throws IOException;

    @BeforeEach
    void open() throws IOException {
        store = openStore();
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @Test
    void readsBackWhatWasWritten() throws IOException {
        byte[] content = randomBytes(1000, 1);
        store.write("workers/w-1/part-000001.parquet", content);

        assertThat(store.read("workers/w-1/part-000001.parquet")).isEqualTo(content);
        assertThat(store.size("workers/w-1/part-000001.parquet")).isEqualTo(1000);
        assertThat(store.exists("workers/w-1/part-000001.parquet")).isTrue();
        assertThat(store.exists("workers/w-1/part-000002.parquet")).isFalse();
    }

    @Test
    void emptyObjectsAreObjects() throws IOException {
        store.write("empty", new byte[0]);

        assertThat(store.read("empty")).isEmpty();
        assertThat(store.size("empty")).isZero();
        assertThat(store.list("")).containsExactly(new ObjectInfo("empty", 0));
    }

    @Test
    void rangedReadsReturnExactlyTheRange() throws IOException {
        byte[] content = randomBytes(10_000, 2);
        store.write("data.bin", content);

        assertThat(store.read("data.bin", 0, 8)).isEqualTo(Arrays.copyOfRange(content, 0, 8));
        assertThat(store.read("data.bin", 4_321, 1_234)).isEqualTo(Arrays.copyOfRange(content, 4_321, 5_555));
        assertThat(store.read("data.bin", 9_999, 1)).isEqualTo(new byte[] {content[9_999]});
        assertThat(store.read("data.bin", 0, 10_000)).isEqualTo(content);
        assertThat(store.read("data.bin", 500, 0)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {9_990, 10_000, 20_000})
    protected void rangedReadsPastTheEndFailNamingKeyAndSize(long offset) throws IOException {
        store.write("data.bin", randomBytes(10_000, 3));

        assertThatThrownBy(() -> store.read("data.bin", offset, 11))
                .isInstanceOf(EOFException.class)
                .hasMessageContainingAll("data.bin", "offset " + offset, "10000 bytes");
    }

    @Test
    void negativeRangesAreRejected() throws IOException {
        store.write("data.bin", randomBytes(10, 4));

        assertThatThrownBy(() -> store.read("data.bin", -1, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("data.bin", "offset -1");
        assertThatThrownBy(() -> store.read("data.bin", 0, -4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("data.bin", "-4 bytes");
    }

    @Test
    void missingObjectsAreNotFoundNamingTheKey() {
        String key = "index/index-000007.duckdb";

        assertThatThrownBy(() -> store.read(key)).isInstanceOf(NoSuchFileException.class).hasMessageContaining(key);
        assertThatThrownBy(() -> store.read(key, 0, 4)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(key);
        assertThatThrownBy(() -> store.size(key)).isInstanceOf(NoSuchFileException.class).hasMessageContaining(key);
        assertThatThrownBy(() -> store.download(key, temp.resolve("copy"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(key);
    }

    @Test
    void listsObjectsUnderAPrefixSortedByKey() throws IOException {
        store.write("b/4", bytes("four"));
        store.write("a/2", bytes("two!"));
        store.write("ab/3", bytes("3"));
        store.write("a/1", bytes("one"));
        store.write("a/sub/5", bytes("five5"));

        assertThat(store.list("a/")).containsExactly(
                new ObjectInfo("a/1", 3), new ObjectInfo("a/2", 4), new ObjectInfo("a/sub/5", 5));
        assertThat(store.list("a")).extracting(ObjectInfo::key).containsExactly("a/1", "a/2", "a/sub/5", "ab/3");
        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("a/1", "a/2", "a/sub/5", "ab/3", "b/4");
        assertThat(store.list("c/")).isEmpty();
        assertThat(store.list("a/sub/")).containsExactly(new ObjectInfo("a/sub/5", 5));
    }

    @Test
    void aPrefixOfKeysIsNotAnObject() throws IOException {
        store.write("workers/w-1/index.duckdb", bytes("index"));

        assertThat(store.exists("workers/w-1")).isFalse();
        assertThatThrownBy(() -> store.size("workers/w-1")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("workers/w-1");
    }

    /** A store that keeps its objects as local files says where; each object is then the file of its key. */
    @Test
    void aLocalDirectoryHoldsEachObjectAsTheFileOfItsKey() throws IOException {
        store.write("index/index-000001.duckdb", bytes("generation 1"));

        store.localDirectory().ifPresent(directory -> assertThat(directory.resolve("index/index-000001.duckdb"))
                .hasContent("generation 1"));
    }

    @Test
    void writeReplacesTheWholeObject() throws IOException {
        store.write("pocaduck.json", bytes("first, longer content"));
        store.write("pocaduck.json", bytes("second"));

        assertThat(store.read("pocaduck.json")).isEqualTo(bytes("second"));
        assertThat(store.list("")).containsExactly(new ObjectInfo("pocaduck.json", 6));
    }

    @Test
    void createIfAbsentCreatesOnceAndNeverOverwrites() throws IOException {
        assertThat(store.createIfAbsent("index/current", bytes("generation 1"))).isTrue();
        assertThat(store.createIfAbsent("index/current", bytes("generation 2"))).isFalse();

        assertThat(store.read("index/current")).isEqualTo(bytes("generation 1"));
        assertThat(store.list("index/")).containsExactly(new ObjectInfo("index/current", 12));
    }

    @Test
    void uploadIfAbsentCreatesFromAFileOnceAndNeverOverwrites() throws IOException {
        Path first = Files.write(temp.resolve("first.parquet"), bytes("the first part file"));
        Path second = Files.write(temp.resolve("second.parquet"), bytes("another writer's part"));

        assertThat(store.uploadIfAbsent("workers/w/part-000001.parquet", first)).isTrue();
        assertThat(store.uploadIfAbsent("workers/w/part-000001.parquet", second)).isFalse();

        assertThat(store.read("workers/w/part-000001.parquet")).isEqualTo(bytes("the first part file"));
    }

    @Test
    void uploadIfAbsentStreamsAFileOfSeveralPartsOnceAndNeverOverwrites() throws IOException {
        Path first = randomFile("first.parquet", SEVERAL_PARTS_BYTES, 8);
        Path second = randomFile("second.parquet", SEVERAL_PARTS_BYTES, 9);
        String key = "compact/000001/shard-0001.parquet";

        try (ObjectStore parts = openStore(SMALL_PART_BYTES)) {
            assertThat(parts.uploadIfAbsent(key, first)).isTrue();
            assertThat(parts.uploadIfAbsent(key, second)).isFalse();

            assertThat(parts.size(key)).isEqualTo(SEVERAL_PARTS_BYTES);
            for (long offset : new long[] {0, SMALL_PART_BYTES - 50, 3L * SMALL_PART_BYTES + 7,
                    SEVERAL_PARTS_BYTES - 100}) {
                assertThat(parts.read(key, offset, 100)).as("100 bytes at %d", offset)
                        .isEqualTo(slice(first, offset, 100));
            }
            Path copy = temp.resolve("copy.parquet");
            parts.download(key, copy);
            assertThat(sha256(copy)).isEqualTo(sha256(first));
        }
    }

    /**
     * An upload whose file is gone (a concurrent cleanup deleted it) fails naming the key, the location and the file,
     * and leaves no object behind that would make the key look taken.
     */
    @Test
    void aFailedUploadLeavesNoObject() throws IOException {
        Path missing = temp.resolve("deleted.parquet");
        String key = "workers/w/part-000001.parquet";

        assertThatThrownBy(() -> store.uploadIfAbsent(key, missing)).isInstanceOf(IOException.class)
                .hasMessageContainingAll(key, store.location(), missing.toString());
        assertThatThrownBy(() -> store.upload(key, missing)).isInstanceOf(IOException.class)
                .hasMessageContainingAll(key, store.location(), missing.toString());

        assertThat(store.exists(key)).isFalse();
        assertThat(store.list("")).isEmpty();
        assertThat(store.uploadIfAbsent(key, Files.write(temp.resolve("part.parquet"), bytes("part")))).isTrue();
        assertThat(store.read(key)).isEqualTo(bytes("part"));
    }

    @Test
    void deleteRemovesAndToleratesMissingObjects() throws IOException {
        store.write("workers/w/part-000001.parquet", bytes("x"));
        store.write("workers/w/part-000002.parquet", bytes("y"));

        store.delete("workers/w/part-000001.parquet");
        store.delete("workers/w/part-000001.parquet");
        store.delete("never/written");

        assertThat(store.exists("workers/w/part-000001.parquet")).isFalse();
        assertThat(store.list("workers/")).extracting(ObjectInfo::key).containsExactly("workers/w/part-000002.parquet");
    }

    @Test
    void largeFilesAreStreamedUpAndDown() throws IOException {
        Path source = randomFile("large.bin", LARGE_OBJECT_BYTES, 5);

        store.upload("compact/000001/large.parquet", source);

        assertThat(store.size("compact/000001/large.parquet")).isEqualTo(LARGE_OBJECT_BYTES);
        for (long offset : new long[] {0, (5L << 20) - 3, LARGE_OBJECT_BYTES / 2 + 17, LARGE_OBJECT_BYTES - 100}) {
            assertThat(store.read("compact/000001/large.parquet", offset, 100))
                    .as("100 bytes at %d", offset).isEqualTo(slice(source, offset, 100));
        }
        Path copy = temp.resolve("copy.bin");
        store.download("compact/000001/large.parquet", copy);
        assertThat(sha256(copy)).isEqualTo(sha256(source));
    }

    @Test
    void uploadReplacesAnExistingObject() throws IOException {
        store.write("index/index-000001.duckdb", bytes("an older, longer index"));
        Path source = Files.writeString(temp.resolve("index.duckdb"), "new index");

        store.upload("index/index-000001.duckdb", source);

        assertThat(store.read("index/index-000001.duckdb")).isEqualTo(bytes("new index"));
    }

    @Test
    void aFailedDownloadLeavesTheTargetAlone() throws IOException {
        Path cache = Files.createDirectory(temp.resolve("cache"));
        Path target = Files.writeString(cache.resolve("cached"), "cached copy");

        assertThatThrownBy(() -> store.download("missing", target)).isInstanceOf(NoSuchFileException.class);

        assertThat(Files.readString(target)).isEqualTo("cached copy");
        try (var files = Files.list(cache)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("cached");
        }
    }

    @Test
    void downloadReplacesTheTargetFile() throws IOException {
        store.write("small", bytes("new"));
        Path target = Files.writeString(temp.resolve("target"), "old content");

        store.download("small", target);

        assertThat(Files.readString(target)).isEqualTo("new");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/absolute", "a//b", "../escape", "a/./b", "trailing/", "back\\slash"})
    void malformedKeysAreRejectedNamingThem(String key) {
        assertThatThrownBy(() -> store.write(key, bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("object key");
        assertThatThrownBy(() -> store.read(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void descriptionsNameTheLocationAndNoSecret() {
        assertThat(store.toString()).contains(store.location());
        for (String secret : secrets()) {
            assertThat(store.toString()).doesNotContain(secret);
            assertThat(store.location()).doesNotContain(secret);
        }
    }

    /** The credentials the store was opened with, which must never be shown. */
    protected List<String> secrets() {
        return List.of();
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    protected static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A file of {@code length} random bytes in {@link #temp}, written a MiB at a time. */
    protected Path randomFile(String name, long length, long seed) throws IOException {
        Path file = temp.resolve(name);
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < length; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, length - written));
            }
        }
        return file;
    }

    protected static byte[] slice(Path file, long offset, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            return in.readNBytes(length);
        }
    }

    protected static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts that of eight writers racing to create one new key exactly one wins. Run by the stores whose create is
     * atomic under concurrency (not every test server's is).
     */
    protected void assertExactlyOneOfManyConcurrentCreatesWins() throws Exception {
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
