package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.H01Sample;
import org.pocaduck.UpstreamDatasetBuilder;
import org.pocaduck.UpstreamFixture;

/** The read commands and {@code import} on datasets written by the Python PoCADuck. */
class PythonDatasetCommandsTest {
    private static final long LABEL = 360287970189827102L;

    @TempDir
    Path dir;

    private String python;

    @BeforeEach
    void copyTheFixture() throws Exception {
        python = UpstreamFixture.copy(UpstreamFixture.UNOPTIMIZED, dir.resolve("py")).toString();
    }

    @Test
    void readCommandsAnswerOnAPythonDataset() throws Exception {
        Map<Long, H01Sample.Expected> expected = H01Sample.expected();
        H01Sample.Expected label = expected.get(LABEL);

        Cli.Result labels = Cli.run("labels", "--base", python);
        Cli.Result count = Cli.run("count", "--base", python, "--label", Long.toString(LABEL));
        Cli.Result blocks = Cli.run("blocks", "--base", python, "--label", Long.toString(LABEL));
        Cli.Result points = Cli.run("points", "--base", python, "--label", Long.toString(LABEL), "--deduplicate");
        Cli.Result info = Cli.run("info", "--base", python);
        Cli.Result verify = Cli.run("verify", "--base", python);

        assertThat(labels.exitCode()).isZero();
        assertThat(labels.out().lines()).containsExactlyElementsOf(
                expected.keySet().stream().map(Long::toUnsignedString).toList());
        assertThat(count.out().strip()).isEqualTo(Long.toString(label.pointCount()));
        assertThat(blocks.out().lines()).containsExactlyElementsOf(label.blockIds().stream().sorted().toList());
        assertThat(points.exitCode()).isZero();
        assertThat(points.out().lines().findFirst()).contains("label,x,y,z,attr_3");
        assertThat(points.out().lines().count()).isEqualTo(1 + label.distinctPointCount());
        assertThat(info.out()).contains("format: Python PoCADuck, blockwise").contains("labels: 6")
                .contains("points: 787").contains("blocks: 35");
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).startsWith("ok: Python PoCADuck, blockwise");
    }

    @Test
    void importConvertsAndTheNewDatasetAnswersTheSame() throws Exception {
        String converted = dir.resolve("pc").toString();

        Cli.Result imported = Cli.run("import", "--from", python, "--base", converted, "--workers", "2",
                "--columns", "x,y,z,supervoxel");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith("imported 6 labels, 787 points in 35 blocks from the Python blockwise"
                + " layout into generation 1").contains("counts verified");
        for (String command : new String[] {"labels", "count", "blocks"}) {
            String[] arguments = command.equals("labels") ? new String[] {command, "--base", converted}
                    : new String[] {command, "--base", converted, "--label", Long.toString(LABEL)};
            String[] original = arguments.clone();
            original[2] = python;
            assertThat(Cli.run(arguments).out()).isEqualTo(Cli.run(original).out());
        }
        assertThat(Cli.run("verify", "--base", converted).exitCode()).isZero();
        assertThat(Cli.run("info", "--base", converted).out()).contains("schema: x:int64, y:int64, z:int64,"
                + " supervoxel:int64");
    }

    @Test
    void verifyNamesIndexRowsRepeatedByARepeatedConsolidation() throws Exception {
        Path doubled = new UpstreamDatasetBuilder(dir.resolve("doubled"))
                .write("0", 0, 5, "1_2_3", new long[][] {{1, 2, 3}})
                .build(2);

        Cli.Result result = Cli.run("verify", "--base", doubled.toString());

        assertThat(result.exitCode()).isEqualTo(VerifyCommand.PROBLEMS_FOUND);
        assertThat(result.out()).isEqualTo("unified_index.db: index row (label 5, block 1_2_3, file "
                + Path.of("worker_0", "data", "0-0.parquet") + ", 1 points) appears 2 times, counted 1 time: the"
                + " Python consolidation was run more than once" + System.lineSeparator());
        assertThat(Cli.run("count", "--base", doubled.toString(), "--label", "5").out().strip()).isEqualTo("1");
    }

    @Test
    void importWithoutFromIsAUsageError() {
        Cli.Result result = Cli.run("import", "--base", dir.resolve("pc").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--from=PY_BASE'");
    }

    @Test
    void importOfADirectoryWithoutAPythonDatasetFailsWithOneLine() throws Exception {
        Path nothing = Files.createDirectories(dir.resolve("nothing"));

        Cli.Result result = Cli.run("import", "--from", nothing.toString(), "--base", dir.resolve("pc").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).containsExactly("pocaduck import: no Python PoCADuck dataset at " + nothing
                + " (none of unified_index.db, worker_*/ or optimized/optimized_index.db)");
        assertThat(dir.resolve("pc")).doesNotExist();
    }

    @Test
    void importIntoAnExistingDatasetOrWithZeroWorkersIsRefused() throws Exception {
        String existing = Datasets.writeInt64(dir.resolve("existing")).base().toString();

        Cli.Result occupied = Cli.run("import", "--from", python, "--base", existing);
        Cli.Result noWorkers = Cli.run("import", "--from", python, "--base", dir.resolve("pc").toString(),
                "--workers", "0");

        assertThat(occupied.exitCode()).isEqualTo(1);
        assertThat(occupied.err()).contains("is not empty");
        assertThat(noWorkers.exitCode()).isEqualTo(2);
        assertThat(noWorkers.err()).contains("--workers must be at least 1, got 0");
    }
}
