package org.pocaduck.bench;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.pocaduck.PointCloud;
import org.pocaduck.Query;
import org.pocaduck.QueryOptions;

/**
 * Eight threads sharing one {@code Query}, each calling {@code getPoints} of labels drawn at random from a set of
 * 2,000: with the point cache on (most calls hit it once warm; what the cache's locking costs shows) and off (every
 * call reads Parquet; what the index and layout caches cost under contention shows).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(8)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class ConcurrentReadsBenchmark {
    private static final int LABELS = 2_000;

    @Param("2000000")
    long points;

    /** {@code on}: the default point cache; {@code off}: no point cache. */
    @Param({"on", "off"})
    String cache;

    private BenchmarkDataset dataset;
    private Query query;
    private long[] labels;

    @Setup(Level.Trial)
    public void createDataset() {
        dataset = BenchmarkDataset.create(points, 42);
        query = cache.equals("on") ? dataset.open(QueryOptions.defaults()) : dataset.query();
        SyntheticVolume volume = dataset.volume();
        SplittableRandom random = new SplittableRandom(7);
        labels = new long[LABELS];
        for (int i = 0; i < LABELS; i++) {
            labels[i] = volume.label(random.nextInt(volume.labelCount()));
        }
    }

    @TearDown(Level.Trial)
    public void deleteDataset() {
        if (query != dataset.query()) {
            query.close();
        }
        dataset.close();
    }

    @Benchmark
    public PointCloud getPoints() {
        return query.getPoints(labels[ThreadLocalRandom.current().nextInt(LABELS)]);
    }
}
