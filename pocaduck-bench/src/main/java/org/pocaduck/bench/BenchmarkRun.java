package org.pocaduck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** What the end-to-end benchmarks share around their measurements: the command line, the report and the exit code. */
final class BenchmarkRun {
    private BenchmarkRun() {
    }

    /**
     * Prints {@code usage} for {@code --help}; otherwise parses the options (a bad one exits with 2 and its message)
     * and exits with what {@code run} returns.
     */
    static <O> void main(String[] args, String usage, Function<String[], O> parse, ToIntFunction<O> run) {
        if (List.of(args).contains("--help")) {
            System.out.print(usage);
            return;
        }
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run.applyAsInt(options));
    }

    /** The directory asked for, created if needed, or a new temporary one named from {@code prefix}. */
    static Path directory(Optional<Path> asked, String prefix) {
        try {
            return asked.isPresent() ? Files.createDirectories(asked.get()) : Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark directory " + asked.orElse(Path.of(prefix)),
                    e);
        }
    }

    /**
     * Runs the measurements and, even when one fails, stops the memory monitor, lets {@code closing} add the run's
     * last figures, and writes the report with the checks of {@code verification}; deletes the datasets in a
     * temporary directory.
     *
     * @return the exit code: 0 when every phase ran and every answer was right, 1 otherwise
     */
    static int measure(Report report, Verification verification, MemoryMonitor memory, Path dir,
            boolean temporaryDir, String reportName, Runnable measurements, Runnable closing) {
        CpuContention.Snapshot runStart = CpuContention.now();
        boolean completed = false;
        try {
            measurements.run();
            completed = true;
        } catch (RuntimeException e) {
            report.fact("ABORTED", e.toString());
            e.printStackTrace();
        } finally {
            memory.close();
            closing.run();
            report.fact("other processes' CPU during the run, % of all cores",
                    CpuContention.otherProcessesPercent(runStart, CpuContention.now()));
            verification.addTo(report);
            try {
                report.write(dir, reportName);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the report into " + dir, e);
            }
            if (temporaryDir) {
                RecursiveDelete.directoriesIn(dir);
            }
        }
        return completed && verification.failures() == 0 ? 0 : 1;
    }
}
