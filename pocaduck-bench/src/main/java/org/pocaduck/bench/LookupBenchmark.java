package org.pocaduck.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

/** Index-only calls, which never touch Parquet: getPointCount and getBlocksForLabel of random labels. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class LookupBenchmark {
    /** Enough distinct labels that the calls do not all hit one hot entry. */
    private static final int LABELS_CYCLED = 4096;

    @Param("2000000")
    long points;

    private BenchmarkDataset dataset;
    private long[] labels;
    private int next;

    @Setup(Level.Trial)
    public void createDataset() {
        dataset = BenchmarkDataset.create(points, 42);
        SyntheticVolume volume = dataset.volume();
        labels = new SplittableRandom(7).ints(LABELS_CYCLED, 0, volume.labelCount()).mapToLong(volume::label)
                .toArray();
    }

    @TearDown(Level.Trial)
    public void deleteDataset() {
        dataset.close();
    }

    @Benchmark
    public long getPointCount() {
        return dataset.query().getPointCount(nextLabel());
    }

    @Benchmark
    public List<String> getBlocksForLabel() {
        return dataset.query().getBlocksForLabel(nextLabel());
    }

    private long nextLabel() {
        next = (next + 1) % labels.length;
        return labels[next];
    }
}
