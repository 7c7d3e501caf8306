package org.pocaduck.bench;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Command-line options of {@link ScaleBenchmark}.
 *
 * @param points   points in the main cube of the local volume (the extension adds 1%)
 * @param s3Points points in the main cube of the volume ingested into s3proxy
 * @param skipS3   leave out the object-store part
 * @param dir      where datasets and reports go; empty for a new temporary directory whose datasets are removed at
 *                 the end (the reports stay)
 * @param seed     the volumes' random seed
 * @param quick    a small, fast run
 */
record ScaleBenchmarkOptions(long points, long s3Points, boolean skipS3, Optional<Path> dir, long seed,
        boolean quick) {
    static final long DEFAULT_POINTS = 1_000_000_000L;
    static final long DEFAULT_S3_POINTS = 100_000_000L;
    static final long QUICK_POINTS = 300_000;

    static final String USAGE = """
            Usage: java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx3g \\
                     -cp pocaduck-benchmarks.jar org.pocaduck.bench.ScaleBenchmark [options]
              --points N      points in the local volume (default 1_000_000_000; 300_000 with --quick);
                              labels follow from it (about one per 120 points)
              --s3-points N   points in the volume ingested into s3proxy (default 100_000_000; 300_000 with --quick)
              --skip-s3       leave out the object-store part
              --dir DIR       where datasets and reports go (default: a new temporary directory whose
                              datasets are deleted at the end; the reports stay)
              --seed S        random seed of the volumes (default 42)
              --quick         a small run that finishes in well under a minute
            """;

    static ScaleBenchmarkOptions parse(String... args) {
        Long points = null;
        Long s3Points = null;
        boolean skipS3 = false;
        Path dir = null;
        long seed = 42;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--quick" -> quick = true;
                case "--skip-s3" -> skipS3 = true;
                case "--points" -> points = count(args, ++i, option);
                case "--s3-points" -> s3Points = count(args, ++i, option);
                case "--dir" -> dir = Path.of(MacroBenchmarkOptions.value(args, ++i, option, USAGE));
                case "--seed" -> seed = count(args, ++i, option);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'\n" + USAGE);
            }
        }
        long localPoints = points != null ? points : quick ? QUICK_POINTS : DEFAULT_POINTS;
        long bucketPoints = s3Points != null ? s3Points : quick ? QUICK_POINTS : DEFAULT_S3_POINTS;
        ScaleVolume.checkPoints("--points", localPoints);
        ScaleVolume.checkPoints("--s3-points", bucketPoints);
        return new ScaleBenchmarkOptions(localPoints, bucketPoints, skipS3, Optional.ofNullable(dir), seed, quick);
    }

    private static long count(String[] args, int index, String option) {
        return MacroBenchmarkOptions.parseCount(option, MacroBenchmarkOptions.value(args, index, option, USAGE));
    }

    /** Calls per read measurement. */
    ReadScale reads() {
        return quick ? ReadScale.QUICK : ReadScale.FULL;
    }

    /**
     * @param warmUpCalls  untimed getPoints calls of small labels before measuring
     * @param lookupCalls  measured getPointCount and getBlocksForLabel calls, random labels
     * @param stratumCalls measured getPoints calls per size stratum, each of a different label where the stratum has
     *                     enough
     * @param budgetNanos  call time after which one measurement stops early
     * @param s3Labels     ~50-point labels read cold and warm from the bucket
     */
    record ReadScale(int warmUpCalls, int lookupCalls, int stratumCalls, long budgetNanos, int s3Labels) {
        static final ReadScale FULL = new ReadScale(500, 2_000, 200, 10_000_000_000L, 20);
        static final ReadScale QUICK = new ReadScale(100, 200, 30, 1_000_000_000L, 5);
    }
}
