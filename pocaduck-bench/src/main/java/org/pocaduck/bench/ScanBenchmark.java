package org.pocaduck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.pocaduck.BlockScanner;
import org.pocaduck.Ingestor;
import org.pocaduck.StorageConfig;

/**
 * One thread scans a dense synthetic segmentation ({@link DenseLabelVolume}, {@value #SIDE}³ voxels) block by block,
 * {@value #BLOCK}³ blocks each with a one-voxel halo, as {@code pocaduck scan} does. {@code scan} only hands the
 * points to a sink that discards them; {@code scanAndIngest} writes them with one Ingestor into a fresh dataset and
 * closes (flushes) it. The secondary scores {@code voxels} and {@code points} are per second on one core: scan alone
 * should be far faster than scan and ingest, or the scanner would be the bottleneck of a scan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class ScanBenchmark {
    static final int SIDE = 128;
    static final int BLOCK = 64;
    private static final int TUBES = 40;

    /** Which voxels become points. */
    @Param({"ALL", "SURFACE"})
    String voxels;

    private List<HaloBlock> blocks;
    private BlockScanner scanner;

    /** Voxels looked at and points written, reported by JMH as rates next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        public long voxels;
        public long points;

        @Setup(Level.Iteration)
        public void reset() {
            voxels = 0;
            points = 0;
        }

        void add(BlockScanner.Summary summary) {
            voxels += summary.voxels();
            points += summary.points();
        }
    }

    /** A fresh dataset for every invocation of {@code scanAndIngest}. */
    @State(Scope.Thread)
    public static class Dataset {
        private Path root;
        private int invocation;
        StorageConfig config;

        @Setup(Level.Trial)
        public void createRoot() throws IOException {
            root = Files.createTempDirectory("pocaduck-jmh-scan");
        }

        @Setup(Level.Invocation)
        public void chooseFreshDataset() {
            config = StorageConfig.local(root.resolve("dataset-" + invocation++));
        }

        @TearDown(Level.Invocation)
        public void deleteDataset() {
            RecursiveDelete.of(config.base());
        }

        @TearDown(Level.Trial)
        public void deleteRoot() {
            RecursiveDelete.of(root);
        }
    }

    @Setup(Level.Trial)
    public void cutVolume() {
        blocks = HaloBlock.cut(DenseLabelVolume.generate(SIDE, TUBES, 42), BLOCK);
        scanner = voxels.equals("SURFACE") ? BlockScanner.surfaceVoxels() : BlockScanner.allVoxels();
    }

    @Benchmark
    public void scan(Throughput throughput, Blackhole sink) {
        for (HaloBlock block : blocks) {
            throughput.add(block.scan(scanner, (label, points) -> sink.consume(points)));
        }
    }

    @Benchmark
    public void scanAndIngest(Throughput throughput, Dataset dataset) {
        try (Ingestor ingestor = Ingestor.open(dataset.config, "worker-1")) {
            for (HaloBlock block : blocks) {
                throughput.add(block.scan(scanner, ingestor));
            }
        }
    }
}
