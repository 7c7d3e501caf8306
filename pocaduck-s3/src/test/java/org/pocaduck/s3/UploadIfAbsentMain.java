package org.pocaduck.s3;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import org.pocaduck.StorageConfig;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;

/**
 * Uploads one file with {@link ObjectStore#uploadIfAbsent} to an S3 endpoint and prints {@code created=true|false},
 * the upload's seconds and the heap's peak use, for {@link S3UploadMemoryTest}, which runs it in a JVM with a heap
 * smaller than the file.
 *
 * <pre>
 * UploadIfAbsentMain ENDPOINT_URL s3://BUCKET/PREFIX KEY FILE
 * </pre>
 * The credentials are {@link S3ProxyServer}'s.
 */
public final class UploadIfAbsentMain {
    private UploadIfAbsentMain() {
    }

    public static void main(String[] args) throws Exception {
        StorageConfig config = StorageConfig.builder(args[1]).s3EndpointUrl(args[0]).s3Region("us-east-1")
                .s3AccessKeyId(S3ProxyServer.ACCESS_KEY_ID).s3SecretAccessKey(S3ProxyServer.SECRET_ACCESS_KEY).build();
        try (ObjectStore store = ObjectStores.open(config)) {
            long start = System.nanoTime();
            boolean created = store.uploadIfAbsent(args[2], Path.of(args[3]));
            System.out.printf("created=%s seconds=%.1f peakHeapBytes=%d%n", created, (System.nanoTime() - start) / 1e9,
                    peakHeapBytes());
        }
    }

    /** The sum of the heap pools' peaks: at least the heap's peak use, since the pools peak at different times. */
    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
