package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.ColumnType;
import org.pocaduck.H01Sample;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;

class IngestCommandTest {

    private static final long LABEL_2_63 = Long.MIN_VALUE;

    @TempDir
    Path dir;

    @Test
    void csvWithTwoWorkersAnswersLikeTheH01Sample() throws IOException {
        Path base = dir.resolve("csv");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", H01Sample.CSV.toString(),
                "--workers", "2", "--max-points-per-file", "5", "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).matches("ingested " + H01Sample.rows().size()
                + " points from 1 file in \\d+\\.\\d s \\(\\d+ points/s\\)");
        assertThat(lines).contains("workers: cli-1, cli-2", "labels: 6", "points: " + H01Sample.rows().size());
        assertThat(base.resolve("workers/cli-1")).isDirectory();
        assertThat(base.resolve("workers/cli-2")).isDirectory();
        assertMatchesH01Sample(base);
    }

    @Test
    void parquetGivesTheSameAnswers() throws Exception {
        Path parquet = dir.resolve("points.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement copy = duck.prepareStatement(
                        "COPY (SELECT * FROM read_csv(?)) TO (?) (FORMAT parquet)")) {
            copy.setString(1, H01Sample.CSV.toString());
            copy.setString(2, parquet.toString());
            copy.execute();
        }
        Path base = dir.resolve("parquet");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", parquet.toString(),
                "--workers", "2", "--max-points-per-file", "5", "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertMatchesH01Sample(base);
    }

    @Test
    void severalFilesMayHoldPartsOfTheSameLabelsAndBlocks() throws IOException {
        List<String> lines = Files.readAllLines(H01Sample.CSV);
        List<String> even = new ArrayList<>(List.of(lines.get(0)));
        List<String> odd = new ArrayList<>(List.of(lines.get(0)));
        for (int i = 1; i < lines.size(); i++) {
            (i % 2 == 0 ? even : odd).add(lines.get(i));
        }
        Path first = Files.write(dir.resolve("even.csv"), even);
        Path second = Files.write(dir.resolve("odd.csv"), odd);
        Path base = dir.resolve("halves");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", first.toString(),
                second.toString(), "--workers", "3", "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(" from 2 files ");
        assertMatchesH01Sample(base);
    }

    @Test
    void pointColumnsUnlikeTheDatasetsAreAnErrorOfOneLine() throws IOException {
        Path base = dir.resolve("xyz");
        assertThat(Cli.run("ingest", "--base", base.toString(), "--input", H01Sample.CSV.toString()).exitCode())
                .isZero();

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", H01Sample.CSV.toString(),
                "--columns", "x,y", "--worker-id", "second");

        assertOneLineError(result, "has point columns x, y; expected x, y, z, supervoxel");
    }

    @Test
    void columnsPicksAndOrdersThePointColumns() throws IOException {
        Path base = dir.resolve("picked");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", H01Sample.CSV.toString(),
                "--columns", "z,x", "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        H01Sample.Row first = H01Sample.rows().get(0);
        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.schema()).isEqualTo(PointSchema.of(ColumnType.INT64, "z", "x"));
            assertThat(rows(query.getPoints(first.label())))
                    .contains(List.of(first.point().get(2), first.point().get(0)));
        }
    }

    @Test
    void csvLabelsMayExceedLongMaxValue() throws IOException {
        Path csv = Files.writeString(dir.resolve("big.csv"),
                "label,block_id,x,y,z\n18446744073709551615,b1,1,2,3\n9223372036854775808,b2,4,5,6\n");
        Path base = dir.resolve("big");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", csv.toString(), "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.getLabels()).containsExactly(LABEL_2_63, -1L);
            assertThat(query.getBlocksForLabel(-1L)).containsExactly("b1");
            assertThat(query.getPoints(LABEL_2_63).toLongArray()).isEqualTo(new long[][] {{4, 5, 6}});
        }
    }

    @Test
    void npyColumnsAreLabelBlockAndPoint() throws IOException {
        long[] values = {
            7, 2, 1, 2, 3,
            5, 1, 4, 5, 6,
            7, 1, 7, 8, 9,
            7, 2, 10, 11, 12,
        };
        Path npy = dir.resolve("points.npy");
        Files.write(npy, npy("<i8", 4, 5, longs(values)));
        Path base = dir.resolve("npy");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", npy.toString(), "--workers", "2",
                "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.schema()).isEqualTo(PointSchema.of(ColumnType.INT64, "x", "y", "z"));
            assertThat(query.getLabels()).containsExactly(5, 7);
            assertThat(query.getBlocksForLabel(7)).containsExactlyInAnyOrder("1", "2");
            assertThat(rows(query.getPoints(7))).containsExactlyInAnyOrder(
                    List.of(1L, 2L, 3L), List.of(7L, 8L, 9L), List.of(10L, 11L, 12L));
            assertThat(query.getPoints(5).toLongArray()).isEqualTo(new long[][] {{4, 5, 6}});
        }
    }

    @Test
    void npzWithAPointsArrayKeepsUint64LabelsAndFloats() throws IOException {
        Path npz = dir.resolve("points.npz");
        writeNpz(npz, Map.of(
                "label", npy("<u8", 3, 1, longs(-1L, LABEL_2_63, 3)),
                "block_id", npy("<i8", 3, 1, longs(10, 10, 11)),
                "points", npy("<f8", 3, 2, doubles(0.5, -1.25, 2, 3, 1e-300, Math.PI))));
        Path base = dir.resolve("npz");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", npz.toString(), "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.schema()).isEqualTo(PointSchema.of(ColumnType.FLOAT64, "x", "y"));
            assertThat(query.getLabels()).containsExactly(3, LABEL_2_63, -1L);
            assertThat(query.getPoints(-1L).toDoubleArray()).isEqualTo(new double[][] {{0.5, -1.25}});
            assertThat(query.getPoints(LABEL_2_63).toDoubleArray()).isEqualTo(new double[][] {{2, 3}});
            assertThat(query.getBlocksForLabel(3)).containsExactly("11");
            assertThat(query.getPoints(3).toDoubleArray()).isEqualTo(new double[][] {{1e-300, Math.PI}});
        }
    }

    @Test
    void npzWithOneArrayPerColumnTakesXyzThenTheOtherArrays() throws IOException {
        Path npz = dir.resolve("columns.npz");
        writeNpz(npz, Map.of(
                "label", npy("<u8", 2, 1, longs(1, 1)),
                "block_id", npy("<i8", 2, 1, longs(0, 0)),
                "weight", npy("<i8", 2, 1, longs(100, 200)),
                "z", npy("<i8", 2, 1, longs(5, 6)),
                "y", npy("<i8", 2, 1, longs(3, 4)),
                "x", npy("<i8", 2, 1, longs(1, 2))));
        Path base = dir.resolve("columns");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", npz.toString(), "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.schema()).isEqualTo(PointSchema.of(ColumnType.INT64, "x", "y", "z", "weight"));
            assertThat(rows(query.getPoints(1))).containsExactlyInAnyOrder(
                    List.of(1L, 3L, 5L, 100L), List.of(2L, 4L, 6L, 200L));
        }
    }

    @Test
    void aMissingInputFileIsAnErrorOfOneLine() {
        Path missing = dir.resolve("missing.csv");

        Cli.Result result = Cli.run("ingest", "--base", dir.resolve("pc").toString(), "--input", missing.toString());

        assertOneLineError(result, missing.toString(), "does not exist");
    }

    @Test
    void anUnknownExtensionIsAnErrorOfOneLine() throws IOException {
        Path text = Files.writeString(dir.resolve("points.txt"), "label,block_id,x,y,z\n1,1,1,1,1\n");

        Cli.Result result = Cli.run("ingest", "--base", dir.resolve("pc").toString(), "--input", text.toString());

        assertOneLineError(result, text.toString(), ".csv, .parquet, .npy or .npz");
    }

    @Test
    void aMissingColumnIsAnErrorOfOneLine() {
        Cli.Result result = Cli.run("ingest", "--base", dir.resolve("pc").toString(),
                "--input", H01Sample.CSV.toString(), "--label-column", "segment");

        assertOneLineError(result, "'segment'", "label column");
        assertThat(dir.resolve("pc")).doesNotExist();
    }

    @Test
    void aColumnNameThatIsNoIdentifierIsRejected() {
        Cli.Result result = Cli.run("ingest", "--base", dir.resolve("pc").toString(),
                "--input", H01Sample.CSV.toString(), "--columns", "x,\"y\" FROM t; --");

        assertOneLineError(result, "not an identifier");
    }

    @Test
    void aFractionIntoAnIntegerDatasetIsAnErrorOfOneLine() throws IOException {
        Path base = dir.resolve("int64");
        assertThat(Cli.run("ingest", "--base", base.toString(), "--input", H01Sample.CSV.toString()).exitCode())
                .isZero();
        Path fractions = Files.writeString(dir.resolve("fractions.csv"),
                "label,block_id,x,y,z,supervoxel\n1,1,1.5,2,3,4\n");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", fractions.toString(),
                "--worker-id", "second");

        assertOneLineError(result, "1.5");
    }

    @Test
    void zeroWorkersIsAUsageError() {
        Cli.Result result = Cli.run("ingest", "--base", dir.toString(), "--input", H01Sample.CSV.toString(),
                "--workers", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--workers must be at least 1");
    }

    @Test
    void moreWorkersThanTheMachineCanUseIsOneLineAndWritesNothing() {
        Path base = dir.resolve("many");
        int tooMany = BlockWorkers.maxWorkers() + 1;

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", H01Sample.CSV.toString(),
                "--workers", Integer.toString(tooMany));

        assertOneLineError(result, "--workers " + tooMany, "at most " + BlockWorkers.maxWorkers());
        assertThat(base).doesNotExist();
    }

    /** Only worker 1, which the schema check opens, and the worker of the one block get a directory. */
    @Test
    void workersWithoutBlocksLeaveNoDirectory() throws IOException {
        Path base = dir.resolve("one-block");
        Path csv = Files.writeString(dir.resolve("one-block.csv"), "label,block_id,x,y,z\n7,b,1,2,3\n8,b,4,5,6\n");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", csv.toString(), "--workers", "6");

        assertThat(result.exitCode()).as(result.err()).isZero();
        try (var workers = Files.list(base.resolve("workers"))) {
            assertThat(workers.map(worker -> worker.getFileName().toString())).contains("cli-1").hasSizeLessThan(3);
        }
    }

    @Test
    void aMismatchedLaterInputLeavesTheDatasetUnwritten() throws IOException {
        Path base = dir.resolve("mismatch");
        Path other = Files.writeString(dir.resolve("other.csv"), "label,block_id,x,y,z,w\n7,b,1,2,3,4\n");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", H01Sample.CSV.toString(),
                other.toString(), "--workers", "2");

        assertOneLineError(result, "other.csv has point columns x, y, z, w");
        assertThat(base.resolve("workers")).doesNotExist();
    }

    @Test
    void helpHasAnExample() {
        Cli.Result result = Cli.run("ingest", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: pocaduck ingest").contains("  pocaduck ingest");
    }

    private static void assertMatchesH01Sample(Path base) throws IOException {
        List<H01Sample.Row> csv = H01Sample.rows();
        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.schema()).isEqualTo(PointSchema.of(ColumnType.INT64, "x", "y", "z", "supervoxel"));
            Map<Long, H01Sample.Expected> expected = H01Sample.expected();
            long[] labels = expected.keySet().stream().mapToLong(Long::longValue).toArray();
            assertThat(query.getLabels()).containsExactly(labels);
            for (Map.Entry<Long, H01Sample.Expected> entry : expected.entrySet()) {
                long label = entry.getKey();
                assertThat(query.getPointCount(label)).as("count of %s", label)
                        .isEqualTo(entry.getValue().pointCount());
                assertThat(query.getBlocksForLabel(label)).as("blocks of %s", label)
                        .containsExactlyInAnyOrderElementsOf(entry.getValue().blockIds());
                List<List<Long>> expectedPoints = csv.stream()
                        .filter(row -> row.label() == label)
                        .map(H01Sample.Row::point)
                        .toList();
                assertThat(rows(query.getPoints(label))).as("points of %s", label)
                        .containsExactlyInAnyOrderElementsOf(expectedPoints);
            }
        }
    }

    private static List<List<Long>> rows(PointCloud cloud) {
        return Arrays.stream(cloud.toLongArray()).map(row -> Arrays.stream(row).boxed().toList()).toList();
    }

    private static void assertOneLineError(Cli.Result result, String... expectedParts) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("pocaduck ingest: ")
                .contains(expectedParts);
    }

    private static ByteBuffer longs(long... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        Arrays.stream(values).forEach(data::putLong);
        return data.flip();
    }

    private static ByteBuffer doubles(double... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        Arrays.stream(values).forEach(data::putDouble);
        return data.flip();
    }

    /** A .npy file, format 1.0: magic, version, header length, the header dict padded to 64 bytes, the data. */
    private static byte[] npy(String descr, int rows, int columns, ByteBuffer data) throws IOException {
        String shape = columns == 1 ? "(" + rows + ",)" : "(" + rows + ", " + columns + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int padding = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        bytes.write(header.length() & 0xff);
        bytes.write(header.length() >>> 8);
        bytes.write(header.getBytes(StandardCharsets.US_ASCII));
        bytes.write(data.array(), 0, data.limit());
        return bytes.toByteArray();
    }

    /** A .npz archive as np.savez writes it: one "<name>.npy" entry per array, here in name order. */
    private static void writeNpz(Path file, Map<String, byte[]> arrays) throws IOException {
        List<String> names = new ArrayList<>(arrays.keySet());
        names.sort(null);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name + ".npy"));
                zip.write(arrays.get(name));
                zip.closeEntry();
            }
        }
    }
}
