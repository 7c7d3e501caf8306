package org.pocaduck.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Command-line options of {@link MacroBenchmark}.
 *
 * @param points  points in the synthetic volume
 * @param dir     where datasets and reports go; empty for a new temporary directory whose datasets are removed at
 *                the end (the reports stay)
 * @param workers the worker counts to ingest with, one dataset each
 * @param inputs  the input forms to ingest from, one dataset each per worker count
 * @param seed    the volume's random seed
 * @param quick   a small, fast run (the CI/demo size)
 */
record MacroBenchmarkOptions(long points, Optional<Path> dir, List<Integer> workers, List<InputForm> inputs,
        long seed, boolean quick) {
    static final long DEFAULT_POINTS = 10_000_000;
    static final long QUICK_POINTS = 200_000;

    static final String USAGE = """
            Usage: java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx8g \\
                     -cp pocaduck-benchmarks.jar org.pocaduck.bench.MacroBenchmark [options]
              --points N        points in the synthetic volume (default 10_000_000; 200_000 with --quick)
              --dir DIR         where datasets and reports go (default: a new temporary directory whose
                                datasets are deleted at the end; the reports stay)
              --workers LIST    worker counts to ingest with, e.g. 1,2 (default 1,2)
              --inputs LIST     input forms to ingest from: rows (long[][]), columns (PointCloud)
                                (default rows,columns; rows with --quick)
              --seed S          random seed of the volume (default 42)
              --quick           a small run that finishes in seconds
            """;

    static MacroBenchmarkOptions parse(String... args) {
        Long points = null;
        Path dir = null;
        List<Integer> workers = List.of(1, 2);
        List<InputForm> inputs = null;
        long seed = 42;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--quick" -> quick = true;
                case "--points" -> points = parseCount(option, value(args, ++i, option, USAGE));
                case "--dir" -> dir = Path.of(value(args, ++i, option, USAGE));
                case "--workers" -> workers = parseWorkers(value(args, ++i, option, USAGE));
                case "--inputs" -> inputs = Arrays.stream(value(args, ++i, option, USAGE).split(","))
                        .map(InputForm::parse).distinct().toList();
                case "--seed" -> seed = parseCount(option, value(args, ++i, option, USAGE));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'\n" + USAGE);
            }
        }
        long pointCount = points != null ? points : quick ? QUICK_POINTS : DEFAULT_POINTS;
        List<InputForm> forms = inputs != null ? inputs : quick ? List.of(InputForm.ROWS) : List.of(InputForm.values());
        return new MacroBenchmarkOptions(pointCount, Optional.ofNullable(dir), workers, forms, seed, quick);
    }

    /** The value after an option, or a failure that shows {@code usage}. */
    static String value(String[] args, int index, String option, String usage) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage);
        }
        return args[index];
    }

    /** Accepts digit separators: {@code 10_000_000}. */
    static long parseCount(String option, String text) {
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is '" + text + "'; expected a whole number", e);
        }
    }

    private static List<Integer> parseWorkers(String text) {
        List<Integer> counts = new ArrayList<>();
        for (String part : text.split(",")) {
            long count = parseCount("--workers", part.trim());
            if (count < 1 || count > 64) {
                throw new IllegalArgumentException("--workers has " + count + "; expected counts from 1 to 64");
            }
            counts.add((int) count);
        }
        return List.copyOf(counts);
    }

    /** How many calls each measurement makes; a quick run trades precision for time. */
    Scale scale() {
        return quick ? Scale.QUICK : Scale.FULL;
    }

    /**
     * @param warmUpCalls       untimed calls of each kind before measuring
     * @param lookupCalls       measured getPointCount and getBlocksForLabel calls
     * @param stratumCalls      measured getPoints calls per size stratum
     * @param budgetNanos       call time after which one measurement stops early, so that a slow library still
     *                          finishes in bounded time
     * @param largestLabelCalls measured getPoints calls for each of the five largest labels
     * @param batchLabels       labels per batch retrieval
     * @param batchRepeats      measured batch retrievals
     * @param engineCalls       measured calls of each raw DuckDB read
     */
    record Scale(int warmUpCalls, int lookupCalls, int stratumCalls, long budgetNanos, int largestLabelCalls,
            int batchLabels, int batchRepeats, int engineCalls) {
        static final Scale FULL = new Scale(2_000, 5_000, 400, 10_000_000_000L, 5, 1_000, 5, 20);
        static final Scale QUICK = new Scale(500, 1_000, 100, 1_500_000_000L, 3, 250, 3, 10);
    }
}
