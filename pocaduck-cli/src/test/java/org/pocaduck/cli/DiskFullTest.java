package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.DatasetSnapshot;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.StorageConfig;

/**
 * A disk that fills up under every writing command. Ingest, consolidate, optimize and cleanup run as the real command
 * line, each in a JVM of its own, on a small tmpfs ({@link TmpfsShell}) where a filler file leaves only so many bytes,
 * chosen (seeded) so that space runs out at different write points: the worker index and the part files of an ingest,
 * a generation's DuckDB index, label index and list of part files, the optimization plan, shard files, the manifest,
 * the worker indexes cleanup rewrites. Each attempt starts from the same state, measured beforehand by a run with
 * room to spare. Every failing command must exit 1 with one line naming the full disk and the file; the dataset, copied
 * off the tmpfs, must answer exactly as before (after ingest: once consolidated); the same command run again on that
 * copy must succeed with exactly the points written, as must the command run again on the tmpfs, left as the last
 * attempt left it, once the filler is gone. At the end {@code verify} passes and no temporary file or staging
 * directory is left.
 */
class DiskFullTest {
    private static final long SEED = 20261206L;
    private static final long TMPFS_BYTES = 40L << 20;
    /** tmpfs allocates whole pages. */
    private static final long PAGE = 4096;
    /** What a new DuckDB database file takes before anything is stored in it (three 4 KB headers), and a page more. */
    private static final long DUCKDB_HEADERS = 4 * PAGE;
    /** The plain progress line long commands print every few seconds: not an error line. */
    private static final Pattern PROGRESS = Pattern.compile(" so far \\(");
    private static final String FULL = "no space left on device writing ";

    @TempDir
    Path dir;

    private TmpfsShell shell;
    /** Checks the attempts of one step while the next one runs. */
    private final ExecutorService checker = Executors.newSingleThreadExecutor();
    private final List<Future<Void>> checks = new ArrayList<>();
    private Path mount;
    private Path base;
    private Path childTemp;

    /**
     * One writing command: its arguments after {@code --base}, what the dataset answers before and after it, how many
     * bytes to leave free for each attempt, and the write points (regular expressions over the files the failures
     * name, relative, with '#' for numbers) that the attempts must reach.
     */
    private record Step(String command, List<String> args, DatasetSnapshot before, DatasetSnapshot after,
            Frees frees, List<String> writePoints) {
        /** An ingest is seen through a consolidation; the other commands change what the dataset answers. */
        boolean isIngest() {
            return command.equals("ingest");
        }
    }

    /** How many bytes to leave free for each attempt at a step, from what it wrote when it had room. */
    private interface Frees {
        List<Long> of(Calibration calibration) throws IOException;
    }

    /** What a step wrote when it had room, on a copy of the dataset: each file's size on a tmpfs before and after. */
    private record Calibration(Path copy, Map<String, Long> before, Map<String, Long> after) {
        /** The bytes the step's files grew by: what it needs, but for the space it holds only while it runs. */
        long written() {
            long written = 0;
            for (var file : after.entrySet()) {
                written += Math.max(0, file.getValue() - before.getOrDefault(file.getKey(), 0L));
            }
            return written;
        }

        /** The size of the one file matching {@code regex} that the step created. */
        long created(String regex) {
            List<Long> sizes = after.entrySet().stream().filter(file -> file.getKey().matches(regex)
                    && !before.containsKey(file.getKey())).map(Map.Entry::getValue).toList();
            assertThat(sizes).as("files %s created", regex).hasSize(1);
            return sizes.get(0);
        }
    }

    /** One run of a command that ran out of space, and the copy of the dataset it left. */
    private record Attempt(long free, Cli.Result result, Path copy) {
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void commandsThatRunOutOfSpaceFailInOneLineKeepTheDatasetAndSucceedOnceThereIsRoom() throws IOException {
        Random random = new Random(SEED);
        Expected first = new Expected();
        Expected all = new Expected();
        Path inputA = writeBatch(dir.resolve("a.csv"), 20_000, random, first, all);
        Path inputB = writeBatch(dir.resolve("b.csv"), 20_000, random, all);
        mount = dir.resolve("tmpfs");
        base = mount.resolve("dataset");
        childTemp = Files.createDirectories(dir.resolve("child-tmp"));
        // The first points are not under test: they are written off the tmpfs and copied onto it.
        Path initial = dir.resolve("copies").resolve("initial");
        requireSuccess(Cli.run("ingest", "--base", initial.toString(), "--input", inputA.toString(), "--worker-id",
                "a", "--workers", "2", "--consolidate"));
        try (TmpfsShell mounted = TmpfsShell.mount(mount, TMPFS_BYTES)) {
            shell = mounted;
            restore(initial);

            // With no byte free a step's first write fails; the other points are seeded within what it writes.
            runOutOfSpace(new Step("ingest", List.of("--input", inputB.toString(), "--worker-id", "b", "--workers",
                    "2"), first.snapshot(), all.snapshot(), calibration -> List.of(0L,
                            firstPartFile(calibration, random), // the second worker's files, after the first flushed:
                            between(calibration.written() / 2, calibration.written(), random)),
                    List.of("workers/b-#/index\\.duckdb", "workers/b-#/part-#\\.parquet")));
            runOutOfSpace(new Step("consolidate", List.of(), first.snapshot(), all.snapshot(),
                    calibration -> consolidationFailures(calibration, random), List.of("index/index-#\\.duckdb",
                    "index/index-#\\.lookup", "index/index-#\\.files\\.parquet",
                    "pocaduck\\.json")));
            runOutOfSpace(new Step("optimize", List.of("--target-file-size", "300k"), all.snapshot(), all.snapshot(),
                    calibration -> {
                        long[] last = newGeneration(calibration);
                        return List.of(0L, between(PAGE, last[0], random), last[2]);
                    }, List.of("compact/run-#/plan\\.json", "compact/run-#/shard-#/.*|index/index-#\\.duckdb",
                            "pocaduck\\.json")));
            runOutOfSpace(new Step("cleanup", List.of(), all.snapshot(), all.snapshot(), calibration -> List.of(0L),
                    List.of("workers/.*/index\\.duckdb")));

            Path last = copyOut("final");
            Cli.Result verify = Cli.run("verify", "--base", last.toString());
            assertThat(verify.exitCode()).as(verify.err() + verify.out()).isZero();
            assertThat(temporaryFiles(last)).as("temporary files left on the tmpfs").isEmpty();
        }
        for (Future<Void> check : checks) {
            awaitCheck(check);
        }
        try (Stream<Path> staged = Files.list(childTemp)) {
            assertThat(staged.map(path -> path.getFileName().toString())).as("staging directories left")
                    .noneMatch(name -> name.startsWith("pocaduck"));
        }
    }

    /**
     * Measures what {@code step} writes (run on a copy, off the tmpfs) and runs it out of space at seeded points, each
     * attempt from the same state; then frees the space and runs it again where the last attempt stopped. The attempts
     * are checked meanwhile, off the namespace, while the next step runs.
     */
    private void runOutOfSpace(Step step) throws IOException {
        Path pristine = copyOut(step.command() + "-before");
        Path calibration = dir.resolve("copies").resolve(step.command() + "-calibration");
        requireShell("cp -a " + TmpfsShell.quote(pristine.toString()) + " " + TmpfsShell.quote(calibration.toString()));
        Map<String, Long> before = allocated(calibration);
        requireSuccess(Cli.run(command(step, calibration).toArray(String[]::new)));
        List<Long> frees = step.frees().of(new Calibration(calibration, before, allocated(calibration)));

        List<Attempt> attempts = new ArrayList<>();
        for (long free : frees) {
            restore(pristine);
            requireShell("rm -f filler && fallocate -l $(( $(stat -f -c '%a * %S' .) - " + free + " )) filler");
            Cli.Result result = cli(step, base);
            attempts.add(new Attempt(free, result, copyOut(step.command() + "-" + free)));
        }
        requireShell("rm -f filler");
        requireSuccess(cli(step, base));
        assertThat(view(step, copyOut(step.command() + "-after"))).as("%s run again on the tmpfs", step.command())
                .isEqualTo(step.after());
        checks.add(checker.submit(() -> {
            check(step, attempts);
            return null;
        }));
    }

    /**
     * Checks that every attempt failed in one line naming the full disk and a file and left the dataset answering as
     * before, and that the command run again on what it left succeeds (the last one's was run again on the tmpfs);
     * and that the attempts reached the step's write points.
     */
    private void check(Step step, List<Attempt> attempts) throws IOException {
        Set<String> reached = new TreeSet<>();
        for (Attempt attempt : attempts) {
            String what = step.command() + " with " + attempt.free() + " bytes free";
            reached.add(assertOneLineDiskFull(step, attempt.result(), what));
            assertThat(view(step, attempt.copy())).as("the dataset after %s", what).isEqualTo(step.before());
            if (attempt == attempts.get(attempts.size() - 1)) {
                continue;
            }
            Cli.Result again = Cli.run(command(step, attempt.copy()).toArray(String[]::new));
            assertThat(again.exitCode()).as("%s run again on its copy: %s", what, again.err()).isZero();
            assertThat(view(step, attempt.copy())).as("the dataset after %s, run again", what)
                    .isEqualTo(step.after());
            assertThat(temporaryFiles(attempt.copy())).as("temporary files after %s, run again", what).isEmpty();
        }
        System.out.printf("%s ran out of space writing %s with %s bytes free%n", step.command(), reached,
                attempts.stream().map(Attempt::free).toList());
        for (String point : step.writePoints()) {
            assertThat(reached).as("write points where %s ran out of space", step.command())
                    .anyMatch(Pattern.compile(point).asMatchPredicate());
        }
    }

    /** Waits for a check; its assertion error, if any, is the test's. */
    private static void awaitCheck(Future<Void> check) {
        try {
            check.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Also after a timeout, when the test's thread may still wait for the shell. */
    @AfterEach
    void stop() throws IOException {
        checker.shutdownNow();
        if (shell != null) {
            shell.close();
        }
    }

    /** A seeded number of whole pages from {@code from} up to {@code to}. */
    private static long between(long from, long to, Random random) {
        return from + pages((to - from) * random.nextDouble());
    }

    /**
     * A seeded point in the second half of the first worker's part file. The command has written that worker's index
     * before it, holding no points yet (it opened the worker to learn the dataset's schema), and a few pages of the
     * second worker's index when that one opened; half the part file is well past those pages.
     */
    private static long firstPartFile(Calibration calibration, Random random) throws IOException {
        long part = calibration.created("workers/b-1/part-\\d+\\.parquet");
        StorageConfig config = StorageConfig.local(calibration.copy());
        Ingestor.open(config, "no-points", IngestorOptions.defaults().withCommitRequired()).close();
        long emptyIndex = pages(Files.size(calibration.copy().resolve("workers/no-points/index.duckdb")) + PAGE - 1);
        return emptyIndex + pages(part * (1 + random.nextDouble()) / 2);
    }

    /**
     * Free space at which a consolidation runs out writing each of its files, in the order it writes them: the new
     * DuckDB index as it is created (with none free), the label index (in the transaction that fills the DuckDB
     * index, after the file's headers and before its tables, committed after the label index because its labels
     * table comes from it), the DuckDB index's tables, the list of part files, and the manifest, which is written
     * beside the old one before it replaces it (so all of it is needed, though the dataset grows by none of it).
     */
    private static List<Long> consolidationFailures(Calibration calibration, Random random) {
        long lookup = calibration.created("index/index-\\d+\\.lookup");
        long files = calibration.written() - calibration.created("index/index-\\d+\\.files\\.parquet");
        return List.of(0L, between(DUCKDB_HEADERS, lookup, random), between(DUCKDB_HEADERS + lookup, files, random),
                files, calibration.written());
    }

    /**
     * Where an optimization's last files start: the new generation's label index and DuckDB index, then its list of
     * part files, then the manifest (see {@link #consolidationFailures}).
     */
    private static long[] newGeneration(Calibration calibration) {
        long files = calibration.written() - calibration.created("index/index-\\d+\\.files\\.parquet");
        return new long[] {files - calibration.created("index/index-\\d+\\.lookup"), files, calibration.written()};
    }

    private static long pages(double bytes) {
        return (long) (bytes / PAGE) * PAGE;
    }

    /**
     * Checks that the command failed with exit code 1 and one line naming the full disk and a file of the dataset;
     * returns that file as a write point (relative, numbers as '#', without temporary suffixes).
     */
    private String assertOneLineDiskFull(Step step, Cli.Result result, String what) {
        List<String> lines = result.err().lines().filter(line -> !PROGRESS.matcher(line).find()).toList();
        assertThat(result.exitCode()).as("exit code of %s: %s", what, result.err()).isEqualTo(1);
        assertThat(lines).as("stderr of %s", what).singleElement().asString()
                .startsWith("pocaduck " + step.command() + ": ").contains(FULL + base + "/");
        String file = lines.get(0).substring(lines.get(0).indexOf(FULL) + FULL.length());
        return base.relativize(Path.of(file)).toString().replaceAll("(\\.\\d+\\.\\d+)?\\.tmp(\\.wal)?$|\\.wal$", "")
                .replaceAll("\\d+", "#");
    }

    /** What the dataset answers; an ingest's points are seen once the dataset is consolidated. */
    private static DatasetSnapshot view(Step step, Path dataset) {
        StorageConfig config = StorageConfig.local(dataset);
        if (step.isIngest()) {
            Ingestor.consolidateIndexes(config);
        }
        return DatasetSnapshot.of(config);
    }

    private static List<String> command(Step step, Path dataset) {
        List<String> args = new ArrayList<>(List.of(step.command(), "--base", dataset.toString()));
        args.addAll(step.args());
        return args;
    }

    private Cli.Result cli(Step step, Path dataset) throws IOException {
        return cli(command(step, dataset).toArray(String[]::new));
    }

    /** Runs the command line in a JVM of its own inside the namespace, its temporary directory off the tmpfs. */
    private Cli.Result cli(String... args) throws IOException {
        Path err = dir.resolve("stderr.txt");
        List<String> words = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + childTemp, "-cp", System.getProperty("java.class.path"),
                PocaduckCommand.class.getName()));
        words.addAll(Arrays.asList(args));
        StringBuilder command = new StringBuilder();
        for (String word : words) {
            command.append(TmpfsShell.quote(word)).append(' ');
        }
        TmpfsShell.Result result = shell.run(command + "</dev/null 2>" + TmpfsShell.quote(err.toString()));
        return new Cli.Result(result.exitCode(), result.out(), Files.readString(err));
    }

    private static void requireSuccess(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    private void requireShell(String command) throws IOException {
        TmpfsShell.Result result = shell.run("(cd " + TmpfsShell.quote(mount.toString()) + " && " + command + ") 2>&1");
        assertThat(result.exitCode()).as("%s: %s", command, result.out()).isZero();
    }

    /** Copies the dataset off the tmpfs into a directory {@code name}. */
    private Path copyOut(String name) throws IOException {
        Path copy = dir.resolve("copies").resolve(name);
        Files.createDirectories(copy.getParent());
        requireShell("cp -a " + TmpfsShell.quote(base.toString()) + " " + TmpfsShell.quote(copy.toString()));
        return copy;
    }

    /** Puts the dataset back as {@code copy} holds it, with the whole tmpfs free again. */
    private void restore(Path copy) throws IOException {
        requireShell("rm -rf filler " + TmpfsShell.quote(base.toString()) + " && cp -a " + TmpfsShell.quote(
                copy.toString()) + " " + TmpfsShell.quote(base.toString()));
    }

    /**
     * The bytes each file of {@code dataset} takes on a tmpfs, by path relative to it: whole pages, as the files
     * (none of them sparse) are written there too.
     */
    private static Map<String, Long> allocated(Path dataset) throws IOException {
        Map<String, Long> sizes = new HashMap<>();
        try (Stream<Path> files = Files.walk(dataset)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                long size = Files.size(file);
                sizes.put(dataset.relativize(file).toString(), (size + PAGE - 1) / PAGE * PAGE);
            }
        }
        return sizes;
    }

    /** The dataset's temporary files (and DuckDB's logs of them), which a finished command leaves none of. */
    private static List<String> temporaryFiles(Path dataset) throws IOException {
        try (Stream<Path> files = Files.walk(dataset)) {
            return files.map(Path::toString).filter(name -> name.endsWith(".tmp") || name.endsWith(".wal")).toList();
        }
    }

    /**
     * Writes {@code rows} seeded random points as CSV, in runs of one label and block as blockwise pipelines write
     * them, a third of the labels 2^63 or above, and adds them to what each of {@code into} expects.
     */
    private static Path writeBatch(Path csv, int rows, Random random, Expected... into) throws IOException {
        long[] labels = new long[rows / 100];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3 == 0 ? Long.MIN_VALUE | random.nextLong() : random.nextLong() >>> 1;
        }
        StringBuilder text = new StringBuilder("label,block_id,x,y,z\n");
        long label = labels[0];
        String block = "0_0_0";
        for (int row = 0; row < rows; row++) {
            if (random.nextInt(200) == 0) {
                block = random.nextInt(4) + "_" + random.nextInt(4) + "_" + random.nextInt(4);
            }
            if (random.nextInt(20) == 0) {
                label = labels[random.nextInt(labels.length)];
            }
            long[] point = {random.nextInt(1 << 20), random.nextInt(1 << 20), random.nextInt(1 << 20)};
            text.append(Long.toUnsignedString(label)).append(',').append(block);
            for (long value : point) {
                text.append(',').append(value);
            }
            text.append('\n');
            for (Expected expected : into) {
                expected.add(label, block, point);
            }
        }
        return Files.writeString(csv, text);
    }

    /** What a dataset holding some points answers, built from the points. */
    private static final class Expected {
        private final Map<Long, TreeSet<String>> blocks = new HashMap<>();
        private final Map<Long, List<String>> rows = new HashMap<>();
        private long points;

        void add(long label, String block, long[] point) {
            blocks.computeIfAbsent(label, l -> new TreeSet<>()).add(block);
            rows.computeIfAbsent(label, l -> new ArrayList<>()).add(Arrays.toString(point));
            points++;
        }

        DatasetSnapshot snapshot() {
            Map<Long, DatasetSnapshot.LabelAnswer> labels = new HashMap<>();
            rows.forEach((label, labelRows) -> labels.put(label, new DatasetSnapshot.LabelAnswer(labelRows.size(),
                    List.copyOf(blocks.get(label)), labelRows.stream().sorted().toList())));
            return new DatasetSnapshot(points, labels);
        }
    }
}
