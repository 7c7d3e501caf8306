package org.pocaduck.bench;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.pocaduck.ColumnType;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.StorageConfig;

/**
 * {@code pocaduck ingest} from files: generates a Parquet file and a CSV file of the shape users bring (uint64
 * labels, string block ids, int64 x, y, z; about 385 points per label and 380 per block, rows grouped by block as a
 * blockwise pipeline writes them), runs the CLI on each in a child JVM, and reports points per second and the
 * child's peak resident set size (VmHWM, polled from /proc). For reference it also times the library alone writing
 * the same points from memory with the same number of workers.
 *
 * <pre>
 * mvn -B -o -q -pl pocaduck-cli,pocaduck-bench -am package -DskipTests
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx4g -cp pocaduck-bench/target/pocaduck-benchmarks.jar \
 *     org.pocaduck.bench.FileIngestBenchmark --points 20000000 --workers 2 --formats parquet,csv --library true
 * </pre>
 */
public final class FileIngestBenchmark {
    private static final int POINTS_PER_LABEL = 385;
    private static final int POINTS_PER_BLOCK = 380;
    /** A (label, block) run: four labels per block. */
    private static final int POINTS_PER_CHUNK = 95;
    private static final Pattern SUMMARY = Pattern.compile("ingested (\\d+) points .* in ([0-9.]+) s");

    private FileIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        long points = Long.parseLong(options.getOrDefault("--points", "20000000"));
        int workers = Integer.parseInt(options.getOrDefault("--workers", "2"));
        List<String> formats = List.of(options.getOrDefault("--formats", "parquet,csv").split(","));
        int repeats = Integer.parseInt(options.getOrDefault("--repeats", "1"));
        Path cliJar = Path.of(options.getOrDefault("--cli-jar", "pocaduck-cli/target/pocaduck-cli.jar"));
        Path dir = Path.of(options.getOrDefault("--dir", "/tmp/pocaduck-file-ingest"));
        Files.createDirectories(dir);
        Path parquet = dir.resolve("points-" + points + ".parquet");
        generate(points, parquet, dir.resolve("points-" + points + ".csv"), formats.contains("csv"));
        System.out.printf(Locale.ROOT, "%-8s %12s %10s %14s %12s%n", "input", "points", "seconds", "points/s",
                "peak RSS MB");
        for (int repeat = 0; repeat < repeats; repeat++) {
            for (String format : formats) {
                Path input = dir.resolve("points-" + points + "." + format);
                runCli(cliJar, input, dir.resolve("dataset-" + format), workers, format);
            }
        }
        if (Boolean.parseBoolean(options.getOrDefault("--library", "false"))) {
            runLibrary(parquet, dir.resolve("dataset-library"), workers);
        }
    }

    /** Writes the Parquet file (and its CSV copy) once; a later run with the same size reuses them. */
    private static void generate(long points, Path parquet, Path csv, boolean withCsv) throws Exception {
        long labels = Math.max(1, points / POINTS_PER_LABEL);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            if (!Files.exists(parquet)) {
                // Numbers this program computed go into the SQL; the paths are bound.
                String select = "SELECT hash((i // " + POINTS_PER_CHUNK + ") * 7919 % " + labels + ") AS label,"
                        + " concat(b // 4096, '_', b // 64 % 64, '_', b % 64) AS block_id,"
                        + " (b % 64) * 64 + (hash(i) % 64)::BIGINT AS x,"
                        + " (b // 64 % 64) * 64 + (hash(i + 1) % 64)::BIGINT AS y,"
                        + " (b // 4096) * 64 + (hash(i + 2) % 64)::BIGINT AS z"
                        + " FROM (SELECT i, i // " + POINTS_PER_BLOCK + " AS b FROM range(" + points + ") t(i))";
                try (PreparedStatement copy = duck.prepareStatement("COPY (" + select + ") TO (?)"
                        + " (FORMAT parquet, COMPRESSION zstd)")) {
                    copy.setString(1, parquet.toString());
                    copy.execute();
                }
            }
            if (withCsv && !Files.exists(csv)) {
                try (PreparedStatement copy = duck.prepareStatement(
                        "COPY (SELECT * FROM read_parquet(?)) TO (?) (HEADER)")) {
                    copy.setString(1, parquet.toString());
                    copy.setString(2, csv.toString());
                    copy.execute();
                }
            }
        }
    }

    /** The CLI in a child JVM, as users run it; its peak RSS is polled while it runs. */
    private static void runCli(Path cliJar, Path input, Path dataset, int workers, String format) throws Exception {
        RecursiveDelete.of(dataset);
        Process child = new ProcessBuilder("java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar",
                cliJar.toString(), "ingest", "--base", dataset.toString(), "--input", input.toString(),
                "--workers", Integer.toString(workers))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path status = Path.of("/proc/" + child.pid() + "/status");
        long peakRss = 0;
        while (child.isAlive()) {
            peakRss = Math.max(peakRss, highWaterMark(status));
            Thread.sleep(20);
        }
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher summary = SUMMARY.matcher(out);
        if (child.exitValue() != 0 || !summary.find()) {
            throw new IllegalStateException("pocaduck ingest failed (" + child.exitValue() + "): " + out);
        }
        long points = Long.parseLong(summary.group(1));
        double seconds = Double.parseDouble(summary.group(2));
        System.out.printf(Locale.ROOT, "%-8s %,12d %10.1f %,14.0f %,12d%n", format, points, seconds, points / seconds,
                peakRss >> 20);
        RecursiveDelete.of(dataset);
    }

    private static long highWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The child has just exited.
        }
        return 0;
    }

    /** One worker's share of the points, as batches of rows: all of a block's rows go to one worker, as in the CLI. */
    private record Batch(long[] labels, String[] blocks, long[][] columns) {
    }

    /** The library alone: the points already in memory, written by {@code workers} threads with the bulk write. */
    private static void runLibrary(Path parquet, Path dataset, int workers) throws Exception {
        List<List<Batch>> shares = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            shares.add(new ArrayList<>());
        }
        long points = load(parquet, workers, shares);
        RecursiveDelete.of(dataset);
        StorageConfig config = StorageConfig.local(dataset);
        PointSchema schema = PointSchema.of(ColumnType.INT64, "x", "y", "z");
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            List<Batch> share = shares.get(w);
            String workerId = "library-" + w;
            done.add(threads.submit(() -> {
                try (Ingestor ingestor = Ingestor.open(config, workerId, IngestorOptions.defaults().withSchema(schema))) {
                    for (Batch batch : share) {
                        ingestor.write(batch.labels(), batch.blocks(),
                                PointCloud.ofColumns(schema, (Object[]) batch.columns()));
                    }
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        System.out.printf(Locale.ROOT, "%-8s %,12d %10.1f %,14.0f %12s%n", "library", points, seconds,
                points / seconds, "-");
        RecursiveDelete.of(dataset);
    }

    private static long load(Path parquet, int workers, List<List<Batch>> shares) throws Exception {
        Properties streaming = new Properties();
        streaming.setProperty("jdbc_stream_results", "true");
        long points = 0;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:", streaming);
                PreparedStatement read = duck.prepareStatement("SELECT label, block_id, x, y, z FROM read_parquet(?)");
                BufferAllocator allocator = new RootAllocator()) {
            read.setString(1, parquet.toString());
            try (DuckDBResultSet result = (DuckDBResultSet) read.executeQuery();
                    ArrowReader reader = (ArrowReader) result.arrowExportStream(allocator, 65_536)) {
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot root = reader.getVectorSchemaRoot();
                    int rows = root.getRowCount();
                    int[] counts = new int[workers];
                    int[] workerOf = new int[rows];
                    String[] blocks = new String[rows];
                    VarCharVector blockVector = (VarCharVector) root.getVector(1);
                    for (int r = 0; r < rows; r++) {
                        String block = new String(blockVector.get(r), StandardCharsets.UTF_8);
                        blocks[r] = r > 0 && block.equals(blocks[r - 1]) ? blocks[r - 1] : block;
                        workerOf[r] = Math.floorMod(blocks[r].hashCode(), workers);
                        counts[workerOf[r]]++;
                    }
                    long[][] all = new long[4][rows];
                    for (int c = 0; c < 4; c++) {
                        root.getVector(c == 0 ? 0 : c + 1).getDataBuffer().nioBuffer(0, rows * Long.BYTES)
                                .order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(all[c]);
                    }
                    for (int w = 0; w < workers; w++) {
                        int n = 0;
                        long[] labels = new long[counts[w]];
                        String[] ids = new String[counts[w]];
                        long[][] columns = new long[3][counts[w]];
                        for (int r = 0; r < rows; r++) {
                            if (workerOf[r] == w) {
                                labels[n] = all[0][r];
                                ids[n] = blocks[r];
                                for (int d = 0; d < 3; d++) {
                                    columns[d][n] = all[d + 1][r];
                                }
                                n++;
                            }
                        }
                        shares.get(w).add(new Batch(labels, ids, columns));
                    }
                    points += rows;
                }
            }
        }
        return points;
    }

    private static Map<String, String> options(String[] args) {
        List<String> known = List.of("--points", "--workers", "--formats", "--repeats", "--cli-jar", "--dir",
                "--library");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " is unknown or has no value; expected "
                        + String.join(", ", known) + ", each with a value");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
