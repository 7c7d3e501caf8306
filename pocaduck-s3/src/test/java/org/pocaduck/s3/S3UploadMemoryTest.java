package org.pocaduck.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;

/**
 * A conditional upload's memory does not grow with the file: a JVM whose heap is a fraction of the file uploads it
 * with {@code uploadIfAbsent} through s3proxy. A copy of the file in one array could not even be allocated there.
 */
class S3UploadMemoryTest {
    private static final String HEAP = "-Xmx" + 32 + "m";
    private static final long FILE_BYTES = 128L << 20;
    private static final String KEY = "compact/000001/shard-0001.parquet";

    @TempDir
    Path temp;

    @Test
    void aJvmWithAHeapFourTimesSmallerThanTheFileUploadsItIfAbsent() throws Exception {
        Path file = patternedFile(temp.resolve("large.parquet"));
        try (S3ProxyServer server = new S3ProxyServer()) {
            String location = "s3://" + S3ProxyServer.BUCKET + "/memory";
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    HEAP, "-cp", System.getProperty("java.class.path"), UploadIfAbsentMain.class.getName(),
                    server.endpoint(), location, KEY, file.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("child.log").toFile()).start();
            if (!child.waitFor(2, TimeUnit.MINUTES)) {
                child.destroyForcibly();
            }
            String log = Files.readString(temp.resolve("child.log"), StandardCharsets.UTF_8);
            System.out.print(log);

            assertThat(child.exitValue()).as("exit code of the %s upload; its output:%n%s", HEAP, log).isZero();
            assertThat(log).contains("created=true");
            try (ObjectStore store = ObjectStores.open(server.config(location))) {
                assertThat(store.size(KEY)).isEqualTo(FILE_BYTES);
                for (long offset : List.of(0L, (16L << 20) - 8, FILE_BYTES / 2 + 3, FILE_BYTES - 64)) {
                    assertThat(store.read(KEY, offset, 64)).as("64 bytes at %d", offset)
                            .isEqualTo(slice(file, offset, 64));
                }
            }
        }
    }

    /** One random MiB repeated, each copy stamped with its index, so that misplaced parts would show. */
    private static Path patternedFile(Path file) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(12).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long i = 0; i < FILE_BYTES / block.length; i++) {
                ByteBuffer.wrap(block).putLong(i);
                out.write(block);
            }
        }
        return file;
    }

    private static byte[] slice(Path file, long offset, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            return in.readNBytes(length);
        }
    }
}
