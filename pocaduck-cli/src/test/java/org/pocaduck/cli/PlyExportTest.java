package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pocaduck.cli.Datasets.FLOAT_POINTS;
import static org.pocaduck.cli.Datasets.MAX_LABEL_POINTS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PLY export parsed back: the header a viewer reads, then the binary vertices. */
class PlyExportTest {
    @TempDir
    static Path dir;
    static String int64Base;
    static String float64Base;

    @BeforeAll
    static void writeDatasets() {
        int64Base = Datasets.writeInt64(dir.resolve("int64")).base().toString();
        float64Base = Datasets.writeFloat64(dir.resolve("float64")).base().toString();
    }

    /** A parsed PLY file: its header lines and its vertex bytes. */
    private record Ply(List<String> header, ByteBuffer body) {
        static Ply read(Path file) throws Exception {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.US_ASCII);
            int end = text.indexOf("end_header\n") + "end_header\n".length();
            return new Ply(text.substring(0, end).lines().toList(),
                    ByteBuffer.wrap(bytes, end, bytes.length - end).slice().order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    @Test
    void int64CoordinatesBecomeDoubleVerticesOfABinaryPly() throws Exception {
        Path file = dir.resolve("max.ply");

        Cli.Result result = Cli.run("points", "--base", int64Base, "--label", "18446744073709551615",
                "--format", "ply", "--output", file.toString());

        assertThat(result.exitCode()).isZero();
        Ply ply = Ply.read(file);
        assertThat(ply.header()).containsExactly("ply", "format binary_little_endian 1.0",
                "comment PoCADuck label 18446744073709551615", "element vertex 2",
                "property double x", "property double y", "property double z", "end_header");
        assertThat(ply.body().remaining()).isEqualTo(2 * 3 * 8);
        for (long[] point : MAX_LABEL_POINTS) {
            for (long value : point) {
                assertThat(ply.body().getDouble()).isEqualTo((double) value);
            }
        }
    }

    @Test
    void severalLabelsGoToOneFilePerLabelInADirectory() throws Exception {
        Path out = Files.createDirectories(dir.resolve("plys"));

        Cli.Result result = Cli.run("points", "--base", float64Base, "--label", "0xffffffffffffffff",
                "--label", "7", "--format", "ply", "--output", out.toString());

        assertThat(result.exitCode()).isZero();
        Ply ply = Ply.read(out.resolve("18446744073709551615.ply"));
        assertThat(ply.header()).contains("element vertex 2", "property double x");
        for (double[] point : FLOAT_POINTS) {
            for (double value : point) {
                assertThat(ply.body().getDouble()).isEqualTo(value);
            }
        }
        assertThat(Ply.read(out.resolve("7.ply")).header()).contains("element vertex 0");
    }

    @Test
    void severalLabelsIntoOneFileIsAUsageError() {
        Cli.Result result = Cli.run("points", "--base", int64Base, "--label", "5", "--label", "42",
                "--format", "ply", "--output", dir.resolve("one.ply").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ply holds one label per file");
    }
}
