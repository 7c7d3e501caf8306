package org.pocaduck.bench;

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
import org.pocaduck.PointCloud;

/**
 * {@code Query.getPoints(label)} with the point cache off, so every call reads Parquet: a label of about 50 points
 * (fixed costs dominate) and the volume's largest label (decoding and copying dominate).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class GetPointsBenchmark {
    @Param("2000000")
    long points;

    /** {@code small}: the label nearest 50 points; {@code largest}: the label with the most points. */
    @Param({"small", "largest"})
    String label;

    private BenchmarkDataset dataset;
    private long labelId;

    @Setup(Level.Trial)
    public void createDataset() {
        dataset = BenchmarkDataset.create(points, 42);
        SyntheticVolume volume = dataset.volume();
        int index = switch (label) {
            case "small" -> SizeStratum.labelClosestTo(volume, 50);
            case "largest" -> SizeStratum.largestLabels(volume, 1)[0];
            default -> throw new IllegalArgumentException("label is '" + label + "'; expected small or largest");
        };
        labelId = volume.label(index);
    }

    @TearDown(Level.Trial)
    public void deleteDataset() {
        dataset.close();
    }

    @Benchmark
    public PointCloud getPoints() {
        return dataset.query().getPoints(labelId);
    }
}
