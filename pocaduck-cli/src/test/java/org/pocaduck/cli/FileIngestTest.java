package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.ColumnType;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.PointSchema;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;

/**
 * {@code pocaduck ingest} from files, compared value by value with what the files hold: seeded random tables with
 * labels of 2^63 and above, in every input format; values that do not fit rejected with their file, row and column;
 * and an ingest that fails or is killed publishing nothing.
 */
class FileIngestTest {

    @TempDir
    Path dir;

    /** Rows in input order, as the files hold them. */
    private record Table(long[] labels, String[] blocks, double[][] points, boolean floating) {
        int size() {
            return labels.length;
        }
    }

    @Test
    void parquetCsvNpyAndNpzTogetherGiveEveryLabelItsCountBlocksAndPoints() throws Exception {
        Table ints = table(new Random(11), 20_000, false);
        Path csv = writeCsv(ints, 0, 5_000, "a.csv");
        Path parquet = toParquet(writeCsv(ints, 5_000, 12_000, "b-source.csv"), "b.parquet", false);
        Path npy = writeNpy(ints, 12_000, 16_000, "c.npy");
        Path npz = writeNpz(ints, 16_000, 20_000, "d.npz");
        Path base = dir.resolve("mixed");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", csv.toString(),
                parquet.toString(), npy.toString(), npz.toString(), "--workers", "3", "--max-points-per-file", "3000",
                "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("ingested 20000 points from 4 files");
        assertMatches(base, ints, ColumnType.INT64);
    }

    @Test
    void floatColumnsFromParquetAndNpzKeepEveryBit() throws Exception {
        Table floats = table(new Random(12), 6_000, true);
        Path parquet = toParquet(writeCsv(floats, 0, 3_000, "f-source.csv"), "f.parquet", true);
        Path npz = writeNpz(floats, 3_000, 6_000, "f.npz");
        Path base = dir.resolve("floats");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", parquet.toString(),
                npz.toString(), "--workers", "2", "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertMatches(base, floats, ColumnType.FLOAT64);
    }

    @Test
    void floatColumnsFromCsvGiveTheSameAnswers() throws Exception {
        Table floats = table(new Random(13), 4_000, true);
        Path csv = writeCsv(floats, 0, 4_000, "floats.csv");
        Path base = dir.resolve("csv-floats");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", csv.toString(), "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertMatches(base, floats, ColumnType.FLOAT64);
    }

    @Test
    void globsExpandToTheirFilesInNameOrder() throws Exception {
        Table ints = table(new Random(14), 3_000, false);
        writeCsv(ints, 0, 1_000, "part-1.csv");
        writeCsv(ints, 1_000, 2_000, "part-2.csv");
        writeCsv(ints, 2_000, 3_000, "part-3.csv");
        Path base = dir.resolve("globbed");

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", dir.resolve("part-*.csv").toString(),
                "--workers", "2", "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("from 3 files");
        assertMatches(base, ints, ColumnType.INT64);
    }

    @Test
    void inputsLargerThanTheReaderMemoryStreamThrough() throws Exception {
        Table ints = table(new Random(15), 1_200_000, false);
        Path csv = writeCsv(ints, 0, 800_000, "big.csv");
        Path parquet = toParquet(writeCsv(ints, 800_000, 1_200_000, "big-source.csv"), "big.parquet", false);
        assertThat(Files.size(csv)).isGreaterThan(24L << 20);
        Path base = dir.resolve("bounded");

        Cli.Result csvResult = Cli.run("ingest", "--base", base.toString(), "--input", csv.toString(),
                "--workers", "2", "--reader-memory", "16M", "--worker-id", "csv");
        Cli.Result parquetResult = Cli.run("ingest", "--base", base.toString(), "--input", parquet.toString(),
                "--workers", "2", "--reader-memory", "8M", "--worker-id", "parquet", "--consolidate");

        assertThat(csvResult.exitCode()).as(csvResult.err()).isZero();
        assertThat(parquetResult.exitCode()).as(parquetResult.err()).isZero();
        assertMatches(base, ints, ColumnType.INT64);
    }

    @Test
    void csvIntegersBeyondInt64AreRejectedWithTheirLine() throws IOException {
        List<String> values = List.of("9223372036854775808", "18446744073709551615", "-9223372036854775809",
                "100000000000000000000");
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            Path csv = Files.writeString(dir.resolve("wide.csv"), "label,block_id,x,y,z\n1,b,1,2,3\n2,b," + value
                    + ",5,6\n");

            Cli.Result result = Cli.run("ingest", "--base", dir.resolve("wide-" + i).toString(),
                    "--input", csv.toString());

            assertOneLineError(result, csv + " line 3, column 'x': '" + value + "' is not a value that fits the"
                    + " dataset's int64 column x exactly");
        }
    }

    @Test
    void fractionalLabelsAreRejectedNotRounded() throws Exception {
        Path csv = Files.writeString(dir.resolve("fraction.csv"), "label,block_id,x,y,z\n7,b,1,2,3\n1.5,b,1,2,3\n");
        assertOneLineError(Cli.run("ingest", "--base", dir.resolve("f1").toString(), "--input", csv.toString()),
                csv + " line 3, column 'label': '1.5' is not an unsigned 64-bit integer label");

        Path doubles = parquet("SELECT 1.5::DOUBLE AS label, 'b' AS block_id, 1 AS x, 2 AS y, 3 AS z", "double.parquet");
        assertOneLineError(Cli.run("ingest", "--base", dir.resolve("f2").toString(), "--input", doubles.toString()),
                doubles + " row 1, column 'label': '1.5' is not an unsigned 64-bit integer label");

        Path decimals = parquet("SELECT 7.6::DECIMAL(4,1) AS label, 'b' AS block_id, 1 AS x, 2 AS y, 3 AS z",
                "decimal.parquet");
        assertOneLineError(Cli.run("ingest", "--base", dir.resolve("f3").toString(), "--input", decimals.toString()),
                decimals + " row 1, column 'label': '7.6' is not an unsigned 64-bit integer label");
    }

    @Test
    void unsigned64ValuesBeyondInt64AreRejectedFromParquetAndNpy() throws Exception {
        Path parquet = parquet("SELECT * FROM (VALUES (1::UBIGINT, 'b', 1::UBIGINT, 2, 3), (2, 'b',"
                + " 18446744073709551615::UBIGINT, 2, 3)) t(label, block_id, x, y, z)", "u64.parquet");
        assertOneLineError(Cli.run("ingest", "--base", dir.resolve("u1").toString(), "--input", parquet.toString()),
                parquet + " row 2, column 'x': '18446744073709551615' is not a value that fits");

        Path npy = dir.resolve("u64.npy");
        Files.write(npy, NpyFiles.npy("<u8", false, new long[] {2, 5}, NpyFiles.u8(new long[] {
            1, 1, 1, 2, 3,
            2, 1, -1L, 2, 3})));
        assertOneLineError(Cli.run("ingest", "--base", dir.resolve("u2").toString(), "--input", npy.toString()),
                npy + ": row 1, column 'x': value 18446744073709551615 does not fit the dataset's int64 column x");
    }

    @Test
    void unclearCsvFilesGetMessagesNamingTheLineAndWhatWasExpected() throws IOException {
        Path headerOnly = Files.writeString(dir.resolve("header.csv"), "label,block_id,x,y,z\n");
        assertOneLineError(Cli.run("ingest", "--base", dir.resolve("h").toString(), "--input", headerOnly.toString()),
                headerOnly + " line 2: the file ends after its header row; expected one row per point");

        Path shortRow = Files.writeString(dir.resolve("short.csv"), "label,block_id,x,y,z\n1,b,1,2,3\n2,b,4\n");
        assertOneLineError(Cli.run("ingest", "--base", dir.resolve("s").toString(), "--input", shortRow.toString()),
                shortRow + " line 3: found 3 values; expected 5 as the header names (label, block_id, x, y, z)");

        Path infinite = Files.writeString(dir.resolve("inf.csv"), "label,block_id,x,y,z\n1,b,1,2,3\n2,b,inf,5,6\n");
        assertOneLineError(Cli.run("ingest", "--base", dir.resolve("i").toString(), "--input", infinite.toString()),
                infinite + " line 3, column 'x': 'inf' is not a value that fits the dataset's int64 column x");

        Path text = Files.writeString(dir.resolve("text.csv"), "label,block_id,x,y,z\n1,b,1,2,3\n2,b,one,5,6\n");
        assertOneLineError(Cli.run("ingest", "--base", dir.resolve("t").toString(), "--input", text.toString()),
                text + " line 3, column 'x': 'one' is not a number");
    }

    @Test
    void anIngestThatFailsLateLeavesNothingAConsolidationPublishes() throws IOException {
        Table ints = table(new Random(16), 5_000, false);
        Path good = writeCsv(ints, 0, 5_000, "good.csv");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "label,block_id,x,y,z\n1,b,1,2,3\n2,b,1.5,2,3\n");
        Path base = dir.resolve("atomic");

        Cli.Result failed = Cli.run("ingest", "--base", base.toString(), "--input", good.toString(), bad.toString(),
                "--workers", "2", "--max-points-per-file", "500");

        assertOneLineError(failed, "'1.5' is not a value that fits");
        assertThat(Files.list(base.resolve("workers/cli-1")).map(Path::toString)).anyMatch(f -> f.endsWith(".parquet"));
        ConsolidationSummary summary = Ingestor.consolidateIndexes(StorageConfig.local(base));
        assertThat(summary.points()).isZero();
        assertThat(summary.uncommittedWorkers()).containsExactlyInAnyOrder("cli-1", "cli-2");
    }

    @Test
    void rerunningAKilledIngestWithTheSameWorkerIdsStoresEveryPointOnce() throws IOException {
        Table ints = table(new Random(17), 5_000, false);
        Path csv = writeCsv(ints, 0, 5_000, "all.csv");
        Path base = dir.resolve("resumed");
        StorageConfig config = StorageConfig.local(base);
        // What a killed ingest leaves: its workers opened commit-required, some points flushed, no commit.
        PointSchema schema = PointSchema.of(ColumnType.INT64, "x", "y", "z");
        for (String worker : List.of("node-1", "node-2")) {
            try (Ingestor killed = Ingestor.open(config, worker,
                    IngestorOptions.defaults().withSchema(schema).withCommitRequired())) {
                killed.write(ints.labels()[0], ints.blocks()[0], new long[][] {{1, 2, 3}, {4, 5, 6}});
                killed.flush();
            }
        }

        Cli.Result result = Cli.run("ingest", "--base", base.toString(), "--input", csv.toString(), "--workers", "2",
                "--worker-id", "node", "--consolidate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("discarded the unfinished earlier ingest of worker node-1");
        assertMatches(base, ints, ColumnType.INT64);
    }

    @Test
    void aWorkerIdOfACompletedIngestIsNotReused() throws IOException {
        Table ints = table(new Random(18), 100, false);
        Path csv = writeCsv(ints, 0, 100, "once.csv");
        Path base = dir.resolve("twice");
        assertThat(Cli.run("ingest", "--base", base.toString(), "--input", csv.toString(), "--consolidate").exitCode())
                .isZero();

        Cli.Result again = Cli.run("ingest", "--base", base.toString(), "--input", csv.toString(), "--consolidate");

        assertOneLineError(again, "worker cli-1 already holds the points of an earlier, completed ingest; give this"
                + " ingest its own --worker-id");
        try (Query query = Query.open(StorageConfig.local(base))) {
            long total = Arrays.stream(query.getLabels()).map(query::getPointCount).sum();
            assertThat(total).isEqualTo(100);
        }
    }

    /**
     * Random rows grouped loosely by block and label, as a blockwise pipeline writes them, with blocks and labels
     * revisited later: a third of the labels are 2^63 or more.
     */
    private static Table table(Random random, int rows, boolean floating) {
        long[] labelPool = new long[Math.max(4, Math.min(2_000, rows / 50))];
        for (int i = 0; i < labelPool.length; i++) {
            labelPool[i] = i % 3 == 0 ? Long.MIN_VALUE | random.nextLong() : random.nextLong() >>> 1;
        }
        long[] labels = new long[rows];
        String[] blocks = new String[rows];
        double[][] points = new double[rows][3];
        int block = 0;
        for (int r = 0; r < rows; r++) {
            if (random.nextInt(40) == 0) {
                block = random.nextInt(Math.max(1, rows / 100));
            }
            labels[r] = r > 0 && random.nextInt(20) != 0 ? labels[r - 1] : labelPool[random.nextInt(labelPool.length)];
            blocks[r] = block / 10 + "_" + block % 10 + "_0";
            for (int d = 0; d < 3; d++) {
                points[r][d] = floating ? random.nextGaussian() * 1e3 : random.nextInt(2_000_001);
            }
        }
        return new Table(labels, blocks, points, floating);
    }

    private Path writeCsv(Table table, int from, int to, String name) throws IOException {
        StringBuilder text = new StringBuilder("label,block_id,x,y,z\n");
        for (int r = from; r < to; r++) {
            text.append(Long.toUnsignedString(table.labels()[r])).append(',').append(table.blocks()[r]);
            for (double value : table.points()[r]) {
                text.append(',').append(table.floating() ? Double.toString(value) : Long.toString((long) value));
            }
            text.append('\n');
        }
        return Files.writeString(dir.resolve(name), text);
    }

    private Path toParquet(Path csv, String name, boolean floating) throws Exception {
        String type = floating ? "DOUBLE" : "BIGINT";
        return parquetFrom("SELECT * FROM read_csv(?, header = true, columns = {'label': 'UBIGINT', 'block_id':"
                + " 'VARCHAR', 'x': '" + type + "', 'y': '" + type + "', 'z': '" + type + "'})", csv.toString(), name);
    }

    private Path parquet(String select, String name) throws Exception {
        return parquetFrom(select, null, name);
    }

    private Path parquetFrom(String select, String parameter, String name) throws Exception {
        Path file = dir.resolve(name);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement copy = duck.prepareStatement("COPY (" + select + ") TO (?) (FORMAT parquet)")) {
            int index = 1;
            if (parameter != null) {
                copy.setString(index++, parameter);
            }
            copy.setString(index, file.toString());
            copy.execute();
        }
        return file;
    }

    /** One '<u8' array: label, block (its first number), x, y, z. */
    private Path writeNpy(Table table, int from, int to, String name) throws IOException {
        long[] values = new long[(to - from) * 5];
        for (int r = from; r < to; r++) {
            int i = (r - from) * 5;
            values[i] = table.labels()[r];
            values[i + 1] = Long.parseLong(table.blocks()[r].split("_")[0]);
            for (int d = 0; d < 3; d++) {
                values[i + 2 + d] = (long) table.points()[r][d];
            }
        }
        Path file = dir.resolve(name);
        Files.write(file, NpyFiles.npy("<u8", false, new long[] {to - from, 5}, NpyFiles.u8(values)));
        return file;
    }

    private Path writeNpz(Table table, int from, int to, String name) throws IOException {
        int rows = to - from;
        long[] labels = Arrays.copyOfRange(table.labels(), from, to);
        long[] blocks = new long[rows];
        ByteBuffer points = ByteBuffer.allocate(rows * 3 * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = from; r < to; r++) {
            blocks[r - from] = Long.parseLong(table.blocks()[r].split("_")[0]);
            for (double value : table.points()[r]) {
                if (table.floating()) {
                    points.putDouble(value);
                } else {
                    points.putLong((long) value);
                }
            }
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "label", NpyFiles.npy("<u8", false, new long[] {rows}, NpyFiles.u8(labels)));
            entry(zip, "block_id", NpyFiles.npy("<i8", false, new long[] {rows}, NpyFiles.u8(blocks)));
            entry(zip, "points", NpyFiles.npy(table.floating() ? "<f8" : "<i8", false, new long[] {rows, 3},
                    points.array()));
        }
        return file;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * Every label's count, blocks and points, as the inputs hold them. NumPy inputs name a block by its first
     * number, so blocks are compared as the files state them: rows of .npy/.npz files are given as that number.
     */
    private static void assertMatches(Path base, Table table, ColumnType type) throws IOException {
        Map<Long, List<List<Double>>> points = new HashMap<>();
        Map<Long, Set<String>> blocks = new HashMap<>();
        for (int r = 0; r < table.size(); r++) {
            points.computeIfAbsent(table.labels()[r], l -> new ArrayList<>())
                    .add(Arrays.stream(table.points()[r]).boxed().toList());
        }
        try (Query query = Query.open(StorageConfig.local(base))) {
            assertThat(query.schema()).isEqualTo(PointSchema.of(type, "x", "y", "z"));
            assertThat(query.getLabels()).containsExactlyInAnyOrder(
                    points.keySet().stream().mapToLong(Long::longValue).toArray());
            for (Map.Entry<Long, List<List<Double>>> entry : points.entrySet()) {
                long label = entry.getKey();
                assertThat(query.getPointCount(label)).as("count of %s", Long.toUnsignedString(label))
                        .isEqualTo(entry.getValue().size());
                List<List<Double>> stored = new ArrayList<>(Arrays.stream(query.getPoints(label).toDoubleArray())
                        .map(row -> Arrays.stream(row).boxed().toList()).toList());
                List<List<Double>> expected = new ArrayList<>(entry.getValue());
                // Sorted, then compared in order: an any-order comparison of long lists is quadratic.
                stored.sort(FileIngestTest::compareRows);
                expected.sort(FileIngestTest::compareRows);
                assertThat(stored).as("points of %s", Long.toUnsignedString(label)).isEqualTo(expected);
                blocks.put(label, new HashSet<>(query.getBlocksForLabel(label)));
            }
        }
        for (int r = 0; r < table.size(); r++) {
            String block = table.blocks()[r];
            assertThat(blocks.get(table.labels()[r])).as("blocks of %s", Long.toUnsignedString(table.labels()[r]))
                    .containsAnyOf(block, block.split("_")[0]);
        }
    }

    private static int compareRows(List<Double> a, List<Double> b) {
        for (int d = 0; d < a.size(); d++) {
            int byValue = Double.compare(a.get(d), b.get(d));
            if (byValue != 0) {
                return byValue;
            }
        }
        return 0;
    }

    private static void assertOneLineError(Cli.Result result, String expected) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err().lines()).singleElement().asString().startsWith("pocaduck ingest: ").contains(expected);
    }
}
