package org.pocaduck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pocaduck.IngestorOptions;
import org.pocaduck.StorageConfig;

/**
 * One worker writes a fixed scan of {@value #BATCH_POINTS} points block by block into a fresh dataset and closes
 * (flushes) it. The score is in points per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(IngestBenchmark.BATCH_POINTS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class IngestBenchmark {
    static final int BATCH_POINTS = 1_000_000;

    /** How the points reach {@code Ingestor.write}: {@code ROWS} (long[][]) or {@code COLUMNS} (PointCloud). */
    @Param({"ROWS", "COLUMNS"})
    InputForm input;

    private PreparedChunks chunks;
    private Path root;
    private StorageConfig dataset;
    private int invocation;

    @Setup(Level.Trial)
    public void prepareScan() throws IOException {
        chunks = PreparedChunks.of(SyntheticVolume.generate(BATCH_POINTS, 42), input);
        root = Files.createTempDirectory("pocaduck-jmh-ingest");
    }

    @Setup(Level.Invocation)
    public void chooseFreshDataset() {
        dataset = StorageConfig.local(root.resolve("dataset-" + invocation++));
    }

    @TearDown(Level.Invocation)
    public void deleteDataset() {
        RecursiveDelete.of(dataset.base());
    }

    @TearDown(Level.Trial)
    public void deleteRoot() {
        RecursiveDelete.of(root);
    }

    @Benchmark
    public long writeAndClose() {
        return VolumeIngestion.run(chunks, dataset, 1, IngestorOptions.defaults());
    }
}
