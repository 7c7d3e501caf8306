package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.Ingestor;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;

/** {@code optimize} in one go and step by step, {@code cleanup}, and what {@code info} says about both. */
class OptimizeCommandTest {

    @TempDir
    Path dir;

    @Test
    void optimizeInOneGoThenCleanUp() throws Exception {
        String base = Datasets.writeInt64(dir.resolve("pc")).base().toString();
        String labelsBefore = Cli.run("labels", "--base", base).out();
        String pointsBefore = Cli.run("points", "--base", base, "--label", "5", "--format", "csv").out();

        Cli.Result optimized = Cli.run("optimize", "--base", base, "--threads", "2", "--target-file-size", "4K");

        assertThat(optimized.exitCode()).as(optimized.err()).isZero();
        assertThat(optimized.out()).contains("run: compact/run-000001").contains("points read: 6")
                .contains("points written: 6").contains("generation: 2");
        assertThat(optimized.err()).containsPattern("optimized 6 points in \\d+\\.\\d s");
        assertThat(Cli.run("info", "--base", base).out()).contains("generation: 2")
                .contains("stored generations: 1, 2").contains("optimized: yes (compact/run-000001, 1 label-contiguous files)");
        assertThat(Cli.run("labels", "--base", base).out()).isEqualTo(labelsBefore);
        assertThat(sortedLines(Cli.run("points", "--base", base, "--label", "5", "--format", "csv").out()))
                .isEqualTo(sortedLines(pointsBefore));
        assertThat(Cli.run("blocks", "--base", base, "--label", "5").out())
                .isEqualTo(String.format("block_0_0_0%nblock_1_0_0%n"));

        Cli.Result again = Cli.run("optimize", "--base", base);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("already optimized: nothing ingested since compact/run-000001");

        Cli.Result cleanup = Cli.run("cleanup", "--base", base);

        assertThat(cleanup.exitCode()).as(cleanup.err()).isZero();
        // The two replaced worker parts and generation 1's index, label index and list of part files.
        assertThat(cleanup.out()).contains("files removed: 5").contains("skipped live workers: (none)");
        try (Stream<Path> files = Files.walk(Path.of(base, "workers"))) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".parquet"));
        }
        assertThat(Cli.run("info", "--base", base, "--json").out()).contains("\"stored_generations\":[2]")
                .contains("\"optimized\":true").contains("\"optimized_run\":\"compact/run-000001\"");
        assertThat(Cli.run("verify", "--base", base).exitCode()).isZero();
    }

    @Test
    void aDistributedRunIsPlannedWorkedOnAndCommittedStepByStep() {
        StorageConfig config = Datasets.writeInt64(dir.resolve("pc"));
        String base = config.base().toString();

        Cli.Result plan = Cli.run("optimize", "--base", base, "--plan", "--target-file-size", "1K", "--deduplicate");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("shards: ").contains("points: 6").contains("deduplicate: true");
        int shards = Integer.parseInt(plan.out().lines().filter(line -> line.startsWith("shards: ")).findFirst()
                .orElseThrow().substring("shards: ".length()));

        Cli.Result early = Cli.run("optimize", "--base", base, "--commit");
        assertThat(early.exitCode()).isEqualTo(1);
        assertThat(early.err()).contains("not finished");

        int optimizedShards = 0;
        for (int worker = 0; worker < 2; worker++) {
            Cli.Result work = Cli.run("optimize", "--base", base, "--worker", worker + "/2");
            assertThat(work.exitCode()).as(work.err()).isZero();
            optimizedShards += Integer.parseInt(work.out().lines().filter(line -> line.startsWith("shards optimized: "))
                    .findFirst().orElseThrow().substring("shards optimized: ".length()));
        }
        assertThat(optimizedShards).isEqualTo(shards);
        Cli.Result commit = Cli.run("optimize", "--base", base, "--commit");
        assertThat(commit.exitCode()).as(commit.err()).isZero();
        assertThat(commit.out()).contains("generation: 2").contains("points: 6");
        try (Query query = Query.open(config)) {
            assertThat(query.statistics().fullyOptimized()).isTrue();
            assertThat(query.getPointCount(Datasets.MAX_LABEL)).isEqualTo(2);
        }
    }

    @Test
    void badOptionsAreUsageErrorsAndAMissingDatasetIsAUserError() {
        String base = dir.resolve("none").toString();

        Cli.Result badWorker = Cli.run("optimize", "--base", base, "--worker", "2/2");
        assertThat(badWorker.exitCode()).isEqualTo(2);
        assertThat(badWorker.err()).contains("--worker must be K/N with 0 <= K < N").contains("'2/2'");
        Cli.Result badSize = Cli.run("optimize", "--base", base, "--target-file-size", "lots");
        assertThat(badSize.exitCode()).isEqualTo(2);
        assertThat(badSize.err()).contains("'lots' is not a size");
        Cli.Result twoSteps = Cli.run("optimize", "--base", base, "--plan", "--commit");
        assertThat(twoSteps.exitCode()).isEqualTo(2);

        Cli.Result missing = Cli.run("optimize", "--base", base);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().lines()).singleElement().asString().startsWith("pocaduck optimize: ")
                .contains(base);
        assertThat(Cli.run("cleanup", "--base", base).exitCode()).isEqualTo(1);
    }

    @Test
    void sizesAcceptBinarySuffixes() {
        ByteSizeConverter sizes = new ByteSizeConverter();
        assertThat(sizes.convert("4096")).isEqualTo(4096);
        assertThat(sizes.convert("512K")).isEqualTo(512L << 10);
        assertThat(sizes.convert("256MiB")).isEqualTo(256L << 20);
        assertThat(sizes.convert("2g")).isEqualTo(2L << 30);
    }

    private static java.util.List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }

    @Test
    void theRowGroupSizeOfOptimizedFilesIsChosen() throws Exception {
        StorageConfig config = StorageConfig.local(dir.resolve("groups"));
        try (Ingestor ingestor = Ingestor.open(config, "w")) {
            for (int label = 0; label < 50; label++) {
                long[][] points = new long[100][3];
                for (int p = 0; p < points.length; p++) {
                    points[p] = new long[] {label, p, label * p};
                }
                ingestor.write(label, "b" + label % 3, points);
            }
        }
        Ingestor.consolidateIndexes(config);
        String base = config.base().toString();

        Cli.Result tooSmall = Cli.run("optimize", "--base", base, "--row-group-size", "10");
        assertThat(tooSmall.exitCode()).isNotZero();
        assertThat(tooSmall.err()).contains("rowGroupSize is 10");
        Cli.Result optimized = Cli.run("optimize", "--base", base, "--row-group-size", "2048");
        assertThat(optimized.exitCode()).as(optimized.err()).isZero();

        Path part = dir.resolve("groups/compact/run-000001/shard-000000/part-000001.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement statement = duck.prepareStatement("SELECT count(DISTINCT row_group_id),"
                        + " max(row_group_num_rows) FROM parquet_metadata(?)")) {
            statement.setString(1, part.toString());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                assertThat(row.getInt(1)).isEqualTo(3);
                assertThat(row.getLong(2)).isEqualTo(2048);
            }
        }
        assertThat(Cli.run("count", "--base", base, "--label", "49").out().strip()).isEqualTo("100");
    }
}
