package org.pocaduck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.Optimizer;
import org.pocaduck.PointCloud;
import org.pocaduck.Query;
import org.pocaduck.QueryOptions;
import org.pocaduck.StorageConfig;
import org.pocaduck.s3.CountingProxy;
import org.pocaduck.s3.S3ProxyServer;

/**
 * The object-store part of {@link ScaleBenchmark}: a {@link ScaleVolume} ingested straight into a bucket of s3proxy
 * on 127.0.0.1 (its filesystem backend, so the objects live on disk and not in the heap) by 2 workers and
 * consolidated, then the extension's worker ingested and consolidated incrementally (a generation of two segments),
 * read, optimized and read again. A relay in front of the server counts every
 * request and every byte the server sends, around Query.open and around each cold (first) and warm (second)
 * getPoints of ~50-point labels, with the point cache off.
 */
final class ScaleObjectStore {
    private static final QueryOptions NO_POINT_CACHE = QueryOptions.defaults().withCacheBytes(0);

    private final ScaleVolume volume;
    private final ScaleBenchmarkOptions.ReadScale scale;
    private final Verification verification;
    private final Report report;
    private final CountingProxy relay;

    /**
     * What one layout's reads cost on the wire.
     *
     * @param openRequests     requests of Query.open
     * @param openBytes        bytes served for Query.open
     * @param coldMaxRequests  most requests of one cold getPoints
     * @param coldMaxBytes     most bytes served for one cold getPoints
     * @param warmOverBlocks   warm getPoints that took more requests than the label has blocks (a label's points in
     *                         one block lie in one file, so a label lies in at most as many files as it has blocks)
     * @param warmMaxRequests  most requests of one warm getPoints
     */
    record Wire(String layout, long openRequests, long openBytes, long coldMaxRequests, long coldMaxBytes,
            int warmOverBlocks, long warmMaxRequests) {
    }

    private ScaleObjectStore(ScaleVolume volume, ScaleBenchmarkOptions.ReadScale scale, Verification verification,
            Report report, CountingProxy relay) {
        this.volume = volume;
        this.scale = scale;
        this.verification = verification;
        this.report = report;
        this.relay = relay;
    }

    /** Runs every step as a phase of {@code phases}; returns the wire figures before and after optimize. */
    static List<Wire> run(ScaleVolume volume, Path dir, ScaleBenchmarkOptions.ReadScale scale, long seed,
            PhaseTable phases, Verification verification, Report report) {
        Path bucketDir = dir.resolve("s3proxy-bucket");
        try {
            Files.createDirectories(bucketDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + bucketDir, e);
        }
        try (S3ProxyServer server = S3ProxyServer.onDisk(bucketDir);
                CountingProxy relay = new CountingProxy(server.port())) {
            StorageConfig config = StorageConfig.builder("s3://" + S3ProxyServer.BUCKET + "/scale")
                    .s3EndpointUrl("http://127.0.0.1:" + relay.port()).s3Region("us-east-1")
                    .s3AccessKeyId(S3ProxyServer.ACCESS_KEY_ID).s3SecretAccessKey(S3ProxyServer.SECRET_ACCESS_KEY)
                    .build();
            ScaleObjectStore store = new ScaleObjectStore(volume, scale, verification, report, relay);
            // As on disk: the main cube consolidated, then the extension's worker consolidated on top of it, so that
            // the generation read has two segments, as after any incremental consolidation.
            phases.run("S3: ingest " + volume.mainPoints() + " points, 2 workers", () -> VolumeIngestion.run(
                    volume.mainScan(), config, 2, "worker-", IngestorOptions.defaults()));
            ConsolidationSummary main = phases.run("S3: consolidate", () -> Ingestor.consolidateIndexes(config))
                    .result();
            verification.check(main.points() == volume.mainPoints() && main.labels() == volume.mainLabelCount(),
                    () -> "consolidation in S3 reported " + main + "; expected " + volume.mainPoints()
                            + " points and " + volume.mainLabelCount() + " labels");
            phases.run("S3: ingest the extension, 1 more worker", () -> VolumeIngestion.run(volume.extensionScan(),
                    config, 1, "extension-worker-", IngestorOptions.defaults()));
            ConsolidationSummary again = phases.run("S3: consolidate again (1 new worker)",
                    () -> Ingestor.consolidateIndexes(config)).result();
            verification.check(again.baseGeneration() != 0 && again.points() == volume.extensionPoints()
                    && again.labels() == volume.extensionLabelCount(),
                    () -> "consolidation of the extension in S3 reported " + again + "; expected an incremental one"
                            + " of " + volume.extensionPoints() + " points and " + volume.extensionLabelCount()
                            + " labels");
            int[] labels = volume.sampleLabels(SizeStratum.NEAR_FIFTY, scale.s3Labels(), new SplittableRandom(seed));
            Wire ingested = phases.run("S3: reads, ingested layout",
                    () -> store.reads(config, "ingested layout", labels)).result();
            phases.run("S3: optimize (default options)", () -> Optimizer.optimize(config));
            Wire optimized = phases.run("S3: reads, optimized layout",
                    () -> store.reads(config, "optimized layout", labels)).result();
            return List.of(ingested, optimized);
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("s3proxy failed: " + e, e);
        }
    }

    private Wire reads(StorageConfig config, String layout, int[] labels) {
        ReportTable table = report.table("S3 requests and bytes, " + layout + " (point cache off)", "call",
                "calls", "requests median", "requests max", "bytes median", "bytes max", "p50 ms", "max ms");
        long[] counters = counters();
        long start = System.nanoTime();
        try (Query query = Query.open(config, NO_POINT_CACHE)) {
            long openNanos = System.nanoTime() - start;
            long[] open = since(counters);
            table.row("Query.open", 1, open[0], open[0], open[1], open[1], openNanos / 1e6, openNanos / 1e6);
            List<List<String>> blocks = volume.blocksOf(labels);
            long[][] cold = new long[3][labels.length];
            long[][] warm = new long[3][labels.length];
            List<String> warmOverBlocks = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                getPoints(query, labels[i], cold, i);
                getPoints(query, labels[i], warm, i);
                if (warm[0][i] > blocks.get(i).size()) {
                    warmOverBlocks.add(Long.toUnsignedString(volume.label(labels[i])) + " (" + warm[0][i]
                            + " requests, blocks " + blocks.get(i) + ")");
                }
            }
            row(table, "getPoints ~50 points, cold", cold);
            row(table, "getPoints ~50 points, warm", warm);
            int[] blockCounts = blocks.stream().mapToInt(List::size).toArray();
            table.note("Cold is the first read of a label, warm the same label again. The " + labels.length
                    + " labels lie in " + Arrays.stream(blockCounts).min().orElse(0) + " to "
                    + Arrays.stream(blockCounts).max().orElse(0) + " blocks; " + warmOverBlocks.size()
                    + " warm reads took more requests than the label has blocks" + (warmOverBlocks.isEmpty() ? ""
                    : ": " + String.join(", ", warmOverBlocks)) + ".");
            return new Wire(layout, open[0], open[1], max(cold[0]), max(cold[1]), warmOverBlocks.size(),
                    max(warm[0]));
        }
    }

    /** Reads one label, counting into column {@code i} of {@code figures}: requests, bytes, nanoseconds. */
    private void getPoints(Query query, int label, long[][] figures, int i) {
        long[] counters = counters();
        long start = System.nanoTime();
        PointCloud points = query.getPoints(volume.label(label));
        figures[2][i] = System.nanoTime() - start;
        long[] used = since(counters);
        figures[0][i] = used[0];
        figures[1][i] = used[1];
        ScaleQueries.checkPoints(verification, volume, label, points);
    }

    private static void row(ReportTable table, String call, long[][] figures) {
        LatencyStats stats = LatencyStats.of(figures[2], figures[2].length);
        table.row(call, figures[0].length, median(figures[0]), max(figures[0]), median(figures[1]), max(figures[1]),
                stats.p50Millis(), stats.maxMillis());
    }

    private long[] counters() {
        return new long[] {relay.requestsWithoutBody(), relay.bytesServed()};
    }

    private long[] since(long[] counters) {
        long[] now = counters();
        return new long[] {now[0] - counters[0], now[1] - counters[1]};
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
