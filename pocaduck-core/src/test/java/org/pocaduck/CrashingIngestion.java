package org.pocaduck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryContract}: ingests deterministic batches forever, flushing after each and
 * appending {@code k} to a progress file once flush k has returned, until the parent kills it.
 */
public final class CrashingIngestion {
    static final int POINTS_PER_BATCH = 200_000;

    private CrashingIngestion() {
    }

    /** Batch {@code k}: chunks of random labels (including ones ≥ 2^63) in a few blocks. */
    static List<H01Sample.Chunk> batch(long seed, int k) {
        Random random = new Random(seed * 1_000_003L + k);
        List<H01Sample.Chunk> chunks = new ArrayList<>();
        int remaining = POINTS_PER_BATCH;
        while (remaining > 0) {
            int size = Math.min(remaining, 1 + random.nextInt(2_000));
            long label = random.nextInt(64) | (random.nextBoolean() ? Long.MIN_VALUE : 0);
            long[][] points = new long[size][3];
            for (long[] point : points) {
                point[0] = k;
                point[1] = random.nextInt(1 << 20);
                point[2] = random.nextLong();
            }
            chunks.add(new H01Sample.Chunk(label, "b" + k + "_" + random.nextInt(8), points));
            remaining -= size;
        }
        return chunks;
    }

    /**
     * Arguments: location, worker id, seed, first batch, progress file. A location in S3 is reached through the
     * endpoint and keys given as the system properties {@code pocaduck.crash.s3.endpoint}, {@code ...keyId} and
     * {@code ...secret}.
     */
    public static void main(String[] args) throws java.io.IOException {
        StorageConfig config = args[0].startsWith("s3://")
                ? StorageConfig.builder(args[0]).s3EndpointUrl(System.getProperty("pocaduck.crash.s3.endpoint"))
                        .s3AccessKeyId(System.getProperty("pocaduck.crash.s3.keyId"))
                        .s3SecretAccessKey(System.getProperty("pocaduck.crash.s3.secret")).build()
                : StorageConfig.local(Path.of(args[0]));
        String workerId = args[1];
        long seed = Long.parseLong(args[2]);
        int firstBatch = Integer.parseInt(args[3]);
        Path progress = Path.of(args[4]);
        try (Ingestor ingestor = Ingestor.open(config, workerId,
                IngestorOptions.defaults().withMaxPointsPerFile(POINTS_PER_BATCH + 1))) {
            for (int k = firstBatch; ; k++) {
                for (H01Sample.Chunk chunk : batch(seed, k)) {
                    ingestor.write(chunk.label(), chunk.blockId(), chunk.points());
                }
                ingestor.flush();
                java.nio.file.Files.writeString(progress, k + "\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
        }
    }
}
