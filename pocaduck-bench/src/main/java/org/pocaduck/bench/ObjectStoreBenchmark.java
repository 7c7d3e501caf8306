package org.pocaduck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.Optimizer;
import org.pocaduck.OptimizerOptions;
import org.pocaduck.Query;
import org.pocaduck.QueryOptions;
import org.pocaduck.StorageConfig;
import org.pocaduck.s3.CountingProxy;
import org.pocaduck.s3.S3ProxyServer;

/**
 * What object storage costs: the same synthetic volume ingested, consolidated, optimized and read on local disk and
 * in S3 — s3proxy on 127.0.0.1 with an in-memory bucket, every request through a relay that counts the bytes the
 * server sends. Reads are measured on random ~50-point labels and on the largest label, before and after optimize,
 * through one {@link Query} opened for the purpose (its open, which fetches the index, is reported apart): cold is the
 * first read of a label (the footers of files an earlier label touched are already cached, as in any long-lived
 * reader), warm the same label again with the decoded-point cache off, so only the label's pages are fetched again.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp pocaduck-bench/target/pocaduck-benchmarks.jar \
 *     org.pocaduck.bench.ObjectStoreBenchmark [--points 2000000] [--workers 2] [--labels 100] [--row-group 65536]
 *     [--dir DIR]
 * </pre>
 * {@code --row-group} sets the row group of the optimized files.
 * <pre>
 * </pre>
 * A loopback server has no network latency: the times show PoCADuck's own cost per request, the bytes what a real
 * bucket would carry.
 */
public final class ObjectStoreBenchmark {
    private static final QueryOptions NO_POINT_CACHE = QueryOptions.defaults().withCacheBytes(0);

    private ObjectStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        long points = Long.parseLong(options.getOrDefault("--points", "2000000"));
        int workers = Integer.parseInt(options.getOrDefault("--workers", "2"));
        int labels = Integer.parseInt(options.getOrDefault("--labels", "100"));
        int rowGroup = Integer.parseInt(options.getOrDefault("--row-group", String.valueOf(
                OptimizerOptions.DEFAULT_ROW_GROUP_SIZE)));
        Path dir = options.containsKey("--dir") ? Path.of(options.get("--dir"))
                : Files.createTempDirectory("pocaduck-store-bench");
        SyntheticVolume volume = SyntheticVolume.generate(points, 20261125);
        PreparedChunks chunks = PreparedChunks.of(volume, InputForm.COLUMNS);
        int[] small = Arrays.copyOf(SizeStratum.NEAR_FIFTY.shuffledLabels(volume, new SplittableRandom(7)), labels);
        int largest = SizeStratum.largestLabels(volume, 1)[0];
        System.out.printf("%,d points, %,d labels, %d workers; %d random ~50-point labels and the largest (%,d points)%n",
                volume.pointCount(), volume.labelCount(), workers, small.length, volume.labelSize(largest));

        try (S3ProxyServer server = new S3ProxyServer(); CountingProxy relay = new CountingProxy(server.port())) {
            StorageConfig disk = StorageConfig.local(dir.resolve("disk"));
            StorageConfig s3 = StorageConfig.builder("s3://" + S3ProxyServer.BUCKET + "/bench")
                    .s3EndpointUrl("http://127.0.0.1:" + relay.port()).s3Region("us-east-1")
                    .s3AccessKeyId(S3ProxyServer.ACCESS_KEY_ID).s3SecretAccessKey(S3ProxyServer.SECRET_ACCESS_KEY)
                    .build();
            for (StorageConfig config : List.of(disk, s3)) {
                String where = config.isLocal() ? "disk" : "S3";
                LongSupplier served = config.isLocal() ? () -> 0 : relay::bytesServed;
                LongSupplier requests = config.isLocal() ? () -> 0 : relay::requestsWithoutBody;
                long ingest = VolumeIngestion.run(chunks, config, workers, IngestorOptions.defaults());
                long start = System.nanoTime();
                Ingestor.consolidateIndexes(config);
                long consolidate = System.nanoTime() - start;
                System.out.printf("%n%s: ingest %.2f M points/s (%.2f s), consolidate %.2f s%n", where,
                        volume.pointCount() / (ingest / 1e9) / 1e6, ingest / 1e9, consolidate / 1e9);
                reads(config, where + ", before optimize", volume, small, largest, served, requests);
                start = System.nanoTime();
                Optimizer.optimize(config, OptimizerOptions.defaults().withTargetFileBytes(8L << 20).withThreads(2)
                        .withRowGroupSize(rowGroup));
                System.out.printf("%s: optimize (8 MiB files, row groups of %,d, 2 threads) %.2f s%n", where, rowGroup,
                        (System.nanoTime() - start) / 1e9);
                reads(config, where + ", after optimize", volume, small, largest, served, requests);
            }
        }
    }

    private static void reads(StorageConfig config, String name, SyntheticVolume volume, int[] small, int largest,
            LongSupplier served, LongSupplier requests) {
        long openStart = System.nanoTime();
        long openBytes = served.getAsLong();
        long openRequests = requests.getAsLong();
        try (Query query = Query.open(config, NO_POINT_CACHE)) {
            double openMillis = (System.nanoTime() - openStart) / 1e6;
            openBytes = served.getAsLong() - openBytes;
            openRequests = requests.getAsLong() - openRequests;
            long[] cold = new long[small.length];
            long[] warm = new long[small.length];
            long[] coldBytes = new long[small.length];
            long[] warmBytes = new long[small.length];
            long[] coldRequests = new long[small.length];
            long[] warmRequests = new long[small.length];
            long pointsRead = 0;
            for (int i = 0; i < small.length; i++) {
                long label = volume.label(small[i]);
                long bytes = served.getAsLong();
                long sent = requests.getAsLong();
                long start = System.nanoTime();
                pointsRead += query.getPoints(label).size();
                cold[i] = System.nanoTime() - start;
                coldBytes[i] = served.getAsLong() - bytes;
                coldRequests[i] = requests.getAsLong() - sent;
                bytes = served.getAsLong();
                sent = requests.getAsLong();
                start = System.nanoTime();
                pointsRead += query.getPoints(label).size();
                warm[i] = System.nanoTime() - start;
                warmBytes[i] = served.getAsLong() - bytes;
                warmRequests[i] = requests.getAsLong() - sent;
            }
            long bytes = served.getAsLong();
            long start = System.nanoTime();
            int largestPoints = query.getPoints(volume.label(largest)).size();
            long largestNanos = System.nanoTime() - start;
            long largestBytes = served.getAsLong() - bytes;
            check(pointsRead, volume, small, largestPoints, largest, name);
            LatencyStats coldStats = LatencyStats.of(cold, cold.length);
            LatencyStats warmStats = LatencyStats.of(warm, warm.length);
            System.out.printf("  %s: open %.1f ms (%,d bytes, %d requests); ~50-point label cold p50 %.2f / p95 %.2f"
                    + " ms, %s, %s; warm p50 %.2f / p95 %.2f ms, %s, %s; largest label %.1f M points/s, %s%n", name,
                    openMillis, openBytes, openRequests, coldStats.p50Millis(), coldStats.p95Millis(),
                    bytesPerLabel(coldBytes), requestsPerLabel(coldRequests), warmStats.p50Millis(),
                    warmStats.p95Millis(), bytesPerLabel(warmBytes), requestsPerLabel(warmRequests),
                    largestPoints / (largestNanos / 1e9) / 1e6,
                    largestBytes == 0 ? "local" : String.format("%.2f bytes/point", (double) largestBytes
                            / largestPoints));
        }
    }

    /** Every read must return the label's points: a fast wrong answer is not a result. */
    private static void check(long pointsRead, SyntheticVolume volume, int[] small, int largestPoints, int largest,
            String name) {
        long expected = 0;
        for (int label : small) {
            expected += 2L * volume.labelSize(label);
        }
        if (pointsRead != expected || largestPoints != volume.labelSize(largest)) {
            throw new IllegalStateException(name + ": read " + pointsRead + " + " + largestPoints + " points, expected "
                    + expected + " + " + volume.labelSize(largest));
        }
    }

    private static String bytesPerLabel(long[] bytes) {
        if (Arrays.stream(bytes).allMatch(b -> b == 0)) {
            return "local";
        }
        long[] sorted = bytes.clone();
        Arrays.sort(sorted);
        return String.format("median %,d bytes/label", sorted[sorted.length / 2]);
    }

    private static String requestsPerLabel(long[] requests) {
        long[] sorted = requests.clone();
        Arrays.sort(sorted);
        return String.format("median %d / max %d requests", sorted[sorted.length / 2], sorted[sorted.length - 1]);
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!List.of("--points", "--workers", "--labels", "--row-group", "--dir").contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; expected --points, --workers,"
                        + " --labels, --row-group or --dir");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
