package org.pocaduck.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;
import org.pocaduck.s3.S3ProxyServer;

/**
 * What a conditional upload of one large file costs: a generated file of {@code --bytes} is uploaded with
 * {@link ObjectStore#uploadIfAbsent} to s3proxy on 127.0.0.1, whose bucket is a directory on disk (an in-memory
 * bucket would hold the file in this JVM's heap). Reports seconds, MB/s and the JVM's peak heap during the upload,
 * which includes the server's; run it with a heap much smaller than the file to show that the upload streams.
 *
 * <pre>
 * java -Xmx512m -cp pocaduck-bench/target/pocaduck-benchmarks.jar org.pocaduck.bench.LargeUploadBenchmark \
 *     [--bytes 3000000000] [--dir DIR]
 * </pre>
 * A new directory under {@code --dir} (default: the system's temporary directory) holds the file and the bucket and
 * is deleted afterwards; it needs twice {@code --bytes} of free space.
 */
public final class LargeUploadBenchmark {
    private static final int BLOCK_BYTES = 1 << 20;
    private static final String KEY = "compact/000001/shard-0001.parquet";
    private static final double MEBIBYTE = 1 << 20;

    private LargeUploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        long bytes = Long.parseLong(options.getOrDefault("--bytes", "3000000000"));
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of(options.getOrDefault("--dir",
                System.getProperty("java.io.tmpdir")))), "pocaduck-upload-bench");
        try {
            Path file = dir.resolve("large.parquet");
            long start = System.nanoTime();
            generate(file, bytes);
            System.out.printf("generated %,d bytes in %.1f s; max heap %.0f MiB%n", bytes,
                    (System.nanoTime() - start) / 1e9, Runtime.getRuntime().maxMemory() / MEBIBYTE);

            try (S3ProxyServer server = S3ProxyServer.onDisk(Files.createDirectory(dir.resolve("buckets")));
                    ObjectStore store = ObjectStores.open(server.config("s3://" + S3ProxyServer.BUCKET + "/bench"));
                    MemoryMonitor memory = MemoryMonitor.start()) {
                long heapAtStart = memory.startPhase();
                start = System.nanoTime();
                boolean created = store.uploadIfAbsent(KEY, file);
                double seconds = (System.nanoTime() - start) / 1e9;
                MemoryMonitor.Peaks peaks = memory.endPhase(heapAtStart);
                check(created, store, file, bytes);
                System.out.printf("uploadIfAbsent of %,d bytes to s3proxy (filesystem bucket): %.1f s, %.0f MB/s;"
                        + " heap at start %.0f MiB, peak heap %.0f MiB (client and server), peak RSS %.0f MiB%n",
                        bytes, seconds, bytes / seconds / 1e6, peaks.heapAtStartBytes() / MEBIBYTE,
                        peaks.peakHeapBytes() / MEBIBYTE, peaks.peakRssBytes() / MEBIBYTE);
            }
        } finally {
            RecursiveDelete.of(dir);
        }
    }

    /** One random MiB repeated, each copy stamped with its index, so that a misplaced part would show. */
    private static void generate(Path file, long bytes) throws Exception {
        byte[] block = new byte[BLOCK_BYTES];
        new Random(20261206).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long offset = 0; offset < bytes; offset += BLOCK_BYTES) {
                ByteBuffer.wrap(block).putLong(offset);
                out.write(block, 0, (int) Math.min(BLOCK_BYTES, bytes - offset));
            }
        }
    }

    /** The object must be the file: a fast upload of something else is not a result. */
    private static void check(boolean created, ObjectStore store, Path file, long bytes) throws Exception {
        if (!created || store.size(KEY) != bytes) {
            throw new IllegalStateException("upload of " + file + " to " + store.location() + "/" + KEY
                    + " gave created=" + created + ", " + store.size(KEY) + " bytes; expected a new object of "
                    + bytes + " bytes");
        }
        for (long offset : new long[] {0, bytes / 3, bytes / 2 + 4_097, Math.max(0, bytes - 4_096)}) {
            int length = (int) Math.min(4_096, bytes - offset);
            byte[] expected;
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(offset);
                expected = in.readNBytes(length);
            }
            if (!Arrays.equals(store.read(KEY, offset, length), expected)) {
                throw new IllegalStateException(store.location() + "/" + KEY + " differs from " + file + " in the "
                        + length + " bytes at offset " + offset);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!List.of("--bytes", "--dir").contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; expected --bytes or --dir");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
