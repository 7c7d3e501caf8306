package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pocaduck.cli.Datasets.FLOAT_POINTS;
import static org.pocaduck.cli.Datasets.LABEL_42_POINTS;
import static org.pocaduck.cli.Datasets.LABEL_5_BLOCK_A;
import static org.pocaduck.cli.Datasets.LABEL_5_BLOCK_B;
import static org.pocaduck.cli.Datasets.MAX_LABEL_POINTS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointsCommandTest {

    @TempDir
    static Path dir;
    static String int64Base;
    static String float64Base;

    @BeforeAll
    static void writeDatasets() {
        int64Base = Datasets.writeInt64(dir.resolve("int64")).base().toString();
        float64Base = Datasets.writeFloat64(dir.resolve("float64")).base().toString();
    }

    @Test
    void csvOfOneLabelHasAHeaderAndEveryPointInReadOrder() {
        Cli.Result result = Cli.run("points", "--base", int64Base, "--label", "5");

        assertThat(result.exitCode()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("label,x,y,z");
        assertThat(parseLongRows(lines, "5")).isEqualTo(concat(LABEL_5_BLOCK_A, LABEL_5_BLOCK_B));
    }

    @Test
    void csvOfSeveralLabelsKeepsTheRequestedOrder() {
        Cli.Result result = Cli.run("points", "--base", int64Base,
                "--label", "18446744073709551615", "--label", "0x2a", "--label", "6");

        assertThat(result.exitCode()).isZero();
        List<String> rows = result.out().lines().skip(1).toList();
        assertThat(rows).hasSize(3);
        assertThat(parseLongRows(rows.subList(0, 2), "18446744073709551615")).isEqualTo(MAX_LABEL_POINTS);
        assertThat(parseLongRows(rows.subList(2, 3), "42")).isEqualTo(LABEL_42_POINTS);
    }

    @Test
    void blockOptionsKeepOnlyThosePoints() {
        Cli.Result oneBlock = Cli.run("points", "--base", int64Base, "--label", "5", "--block", "block_1_0_0");
        Cli.Result bothBlocks = Cli.run("points", "--base", int64Base, "--label", "5", "--label", "42",
                "--block", "block_1_0_0", "--block", "block_0_0_0");
        Cli.Result noSuchBlock = Cli.run("points", "--base", int64Base, "--label", "5", "--block", "elsewhere");

        assertThat(oneBlock.exitCode()).as(oneBlock.err()).isZero();
        assertThat(oneBlock.out().lines().skip(1)).containsExactly("5,-7,8,9223372036854775807");
        // Ordered by block id, whatever the order of the --block options.
        assertThat(bothBlocks.out().lines().skip(1)).containsExactly("5,1,2,3", "5,4,5,6",
                "5,-7,8,9223372036854775807", "42,10,20,30");
        assertThat(noSuchBlock.out().lines()).containsExactly("label,x,y,z");
    }

    @Test
    void csvOfFloat64ValuesReadsBackExactly() throws IOException {
        Path file = dir.resolve("float64.csv");

        Cli.Result result = Cli.run("points", "--base", float64Base, "--label", "0xFFFFFFFFFFFFFFFF",
                "--output", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("label,x,y,z");
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            assertThat(fields[0]).isEqualTo("18446744073709551615");
            rows.add(Arrays.stream(fields).skip(1).mapToDouble(Double::parseDouble).toArray());
        }
        assertThat(rows).containsExactly(FLOAT_POINTS);
        assertThat(lines.get(2)).endsWith(",-0.0");
    }

    @Test
    void npyOfInt64PointsIsAnI8Array() throws IOException {
        Path file = dir.resolve("label5.npy");

        Cli.Result result = Cli.run("points", "--base", int64Base, "--label", "5", "--format", "npy",
                "--output", file.toString());

        assertThat(result.exitCode()).isZero();
        Npy npy = Npy.read(file);
        assertThat(npy.descr()).isEqualTo("<i8");
        assertThat(npy.rows()).isEqualTo(3);
        assertThat(npy.columns()).isEqualTo(3);
        assertThat(npy.longs()).isEqualTo(concat(LABEL_5_BLOCK_A, LABEL_5_BLOCK_B));
    }

    @Test
    void npyOfFloat64PointsIsAnF8Array() throws IOException {
        Path file = dir.resolve("float64.npy");

        Cli.Result result = Cli.run("points", "--base", float64Base, "--label", "18446744073709551615",
                "--format", "npy", "--output", file.toString());

        assertThat(result.exitCode()).isZero();
        Npy npy = Npy.read(file);
        assertThat(npy.descr()).isEqualTo("<f8");
        assertThat(npy.rows()).isEqualTo(2);
        assertThat(npy.doubles()).isEqualTo(FLOAT_POINTS);
    }

    @Test
    void npyOfMixedColumnTypesIsAnF8Array() throws IOException {
        String base = Datasets.writeMixed(dir.resolve("mixed")).base().toString();
        Path file = dir.resolve("mixed.npy");

        Cli.Result result = Cli.run("points", "--base", base, "--label", "5", "--format", "npy",
                "--output", file.toString());

        assertThat(result.exitCode()).isZero();
        Npy npy = Npy.read(file);
        assertThat(npy.descr()).isEqualTo("<f8");
        assertThat(npy.doubles()).isEqualTo(new double[][] {{7, 0.5}, {-3, 1.25}});
    }

    @Test
    void npyOfSeveralLabelsWritesOneFilePerLabelIntoADirectory() throws IOException {
        Path out = Files.createDirectory(dir.resolve("arrays"));

        Cli.Result result = Cli.run("points", "--base", int64Base, "--label", "42", "--label", "18446744073709551615",
                "--label", "6", "--format", "npy", "--output", out.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(Npy.read(out.resolve("42.npy")).longs()).isEqualTo(LABEL_42_POINTS);
        assertThat(Npy.read(out.resolve("18446744073709551615.npy")).longs()).isEqualTo(MAX_LABEL_POINTS);
        Npy empty = Npy.read(out.resolve("6.npy"));
        assertThat(empty.rows()).isZero();
        assertThat(empty.columns()).isEqualTo(3);
    }

    @Test
    void npyOfSeveralLabelsWithoutADirectoryIsAUsageError() {
        Cli.Result result = Cli.run("points", "--base", int64Base, "--label", "5", "--label", "42",
                "--format", "npy", "--output", dir.resolve("one.npy").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--output must be an existing directory");
        assertThat(dir.resolve("one.npy")).doesNotExist();
    }

    private static long[][] parseLongRows(List<String> lines, String label) {
        return lines.stream()
                .filter(line -> !line.startsWith("label,"))
                .map(line -> line.split(","))
                .peek(fields -> assertThat(fields[0]).isEqualTo(label))
                .map(fields -> Arrays.stream(fields).skip(1).mapToLong(Long::parseLong).toArray())
                .toArray(long[][]::new);
    }

    private static long[][] concat(long[][] first, long[][] second) {
        long[][] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
