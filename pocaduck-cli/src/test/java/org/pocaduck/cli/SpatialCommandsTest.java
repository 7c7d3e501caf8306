package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.Box;
import org.pocaduck.Ingestor;
import org.pocaduck.StorageConfig;

/**
 * {@code points --bbox}, {@code labels --bbox / --candidates / --block} on seeded random points, each answer compared
 * with a brute-force filter of the points written.
 */
class SpatialCommandsTest {

    private static final long SEED = 0x5EED_B0C5L;
    /** Coordinates lie in [0, EDGE) on every axis, cut into blocks of BLOCK_EDGE. */
    private static final int EDGE = 128;
    private static final int BLOCK_EDGE = 32;
    /** Two points at opposite corners of block 0_0_0: its bounds meet any box between them, its points do not. */
    private static final long GRAZING = 77;
    private static final long[][] GRAZING_POINTS = {{0, 0, 0}, {20, 20, 20}};
    private static final Box BETWEEN_THE_CORNERS = Box.of(5, 5, 5, 15, 15, 15);

    @TempDir
    static Path dir;
    static String base;
    /** label → block → points, in write order; labels in unsigned order. */
    static final Map<Long, Map<String, List<long[]>>> written = new TreeMap<>(Long::compareUnsigned);

    @BeforeAll
    static void writeDataset() {
        Random random = new Random(SEED);
        for (int l = 0; l < 30; l++) {
            long label = l % 3 == 0 ? Long.MIN_VALUE + random.nextInt(1000) : 1000 + random.nextInt(1_000_000);
            long[] at = {random.nextInt(EDGE), random.nextInt(EDGE), random.nextInt(EDGE)};
            for (int i = 1 + random.nextInt(80); i > 0; i--) {
                for (int d = 0; d < 3; d++) {
                    at[d] = Math.floorMod(at[d] + random.nextInt(7) - 3, EDGE);
                }
                // Some points twice: duplicates are points too.
                for (int copies = random.nextInt(10) == 0 ? 2 : 1; copies > 0; copies--) {
                    written.computeIfAbsent(label, k -> new TreeMap<>()).computeIfAbsent(block(at), k -> new ArrayList<>())
                            .add(at.clone());
                }
            }
        }
        written.computeIfAbsent(GRAZING, k -> new TreeMap<>()).put("0_0_0", List.of(GRAZING_POINTS));
        StorageConfig config = StorageConfig.local(dir.resolve("pc"));
        // Blocks split between two workers by their grid position, as a blockwise pipeline would.
        try (Ingestor even = Ingestor.open(config, "worker-1"); Ingestor odd = Ingestor.open(config, "worker-2")) {
            written.forEach((label, blocks) -> blocks.forEach((block, points) ->
                    (block.hashCode() % 2 == 0 ? even : odd).write(label, block, points.toArray(long[][]::new))));
        }
        Ingestor.consolidateIndexes(config);
        base = config.base().toString();
    }

    private static String block(long[] point) {
        return point[0] / BLOCK_EDGE + "_" + point[1] / BLOCK_EDGE + "_" + point[2] / BLOCK_EDGE;
    }

    @Test
    void pointsInsideRandomBoxesAreExactlyThoseABruteForceFilterKeeps() {
        Random random = new Random(SEED + 1);
        int holdingPoints = 0;
        for (int i = 0; i < 25; i++) {
            Box box = randomBox(random);

            Cli.Result result = Cli.run(pointsArgs(box, allLabelsAnd(12345)));

            assertThat(result.exitCode()).as("%s: %s", box, result.err()).isZero();
            assertThat(csvRows(result.out())).as(box.toString()).isEqualTo(inside(box));
            holdingPoints += inside(box).isEmpty() ? 0 : 1;
        }
        assertThat(holdingPoints).as("boxes holding points").isGreaterThan(10);
    }

    @Test
    void aPointOnTheMinimumIsInsideAndOneOnTheMaximumIsNot() {
        long label = written.keySet().iterator().next();
        long[] point = written.get(label).values().iterator().next().get(0);
        Box fromThePoint = Box.of(point[0], point[1], point[2], point[0] + 1, point[1] + 1, point[2] + 1);
        Box upToThePoint = Box.of(point[0] - 3, point[1] - 3, point[2] - 3, point[0], point[1], point[2]);

        Map<Long, List<List<Long>>> from = csvRows(Cli.run(pointsArgs(fromThePoint, label)).out());
        Map<Long, List<List<Long>>> upTo = csvRows(Cli.run(pointsArgs(upToThePoint, label)).out());

        assertThat(from.get(label)).contains(asList(point));
        assertThat(from).isEqualTo(inside(fromThePoint, label));
        assertThat(upTo.getOrDefault(label, List.of())).doesNotContain(asList(point));
        assertThat(upTo).isEqualTo(inside(upToThePoint, label));
    }

    @Test
    void anEmptyBoxAndABoxOutsideTheDataHoldNothing() {
        for (String box : new String[] {"5,5,5,5,5,5", "1000,1000,1000,2000,2000,2000", "-inf,-inf,-inf,0,0,0"}) {
            Cli.Result points = Cli.run(pointsArgs(box, allLabelsAnd()));
            Cli.Result labels = Cli.run("labels", "--base", base, "--bbox", box);
            Cli.Result candidates = Cli.run("labels", "--base", base, "--bbox", box, "--candidates");

            assertThat(points.exitCode()).as(box).isZero();
            assertThat(points.out().lines()).as(box).containsExactly("label,x,y,z");
            assertThat(labels.out()).as(box).isEmpty();
            assertThat(candidates.out()).as(box).isEmpty();
        }
    }

    @Test
    void boxesOfOneOrTwoDimensionsConstrainTheFirstColumns() {
        Map<String, Box> boxes = Map.of("10,50", Box.of(new double[] {10}, new double[] {50}),
                "-inf,30,64,inf", Box.of(new double[] {Double.NEGATIVE_INFINITY, 30},
                        new double[] {64, Double.POSITIVE_INFINITY}));
        boxes.forEach((text, box) -> {
            Cli.Result result = Cli.run(pointsArgs(text, allLabelsAnd()));

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(csvRows(result.out())).as(text).isEqualTo(inside(box)).isNotEmpty();
        });
    }

    @Test
    void decimalBoundsCompareExactlyWithFloatColumns() {
        String floats = Datasets.writeFloat64(dir.resolve("float64")).base().toString();

        // The first point is {0.1, -2.5, 1e-300}: on both minima, so inside; the second has y = 3.0, on the maximum.
        Cli.Result result = Cli.run("points", "--base", floats, "--label", "18446744073709551615",
                "--bbox", "0.1,-2.5,-inf,3.2,3,inf");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly("label,x,y,z", "18446744073709551615,0.1,-2.5,1.0E-300");
    }

    @Test
    void everyOutputFormatHoldsOnlyThePointsInsideTheBox() throws Exception {
        Box box = Box.of(0, 0, 0, 80, 100, 90);
        long[] labels = allLabelsAnd();
        Map<Long, List<List<Long>>> expected = inside(box);
        long label = expected.keySet().iterator().next();
        Path npy = dir.resolve("one.npy");
        Path ply = dir.resolve("one.ply");
        Path arrays = Files.createDirectories(dir.resolve("arrays"));
        Path parquet = dir.resolve("all.parquet");

        assertThat(Cli.run(pointsArgs(box, label, "--format", "npy", "--output", npy.toString())).exitCode()).isZero();
        assertThat(Cli.run(pointsArgs(box, label, "--format", "ply", "--output", ply.toString())).exitCode()).isZero();
        assertThat(Cli.run(pointsArgs(box, labels, "--format", "npy", "--output", arrays.toString())).exitCode())
                .isZero();
        assertThat(Cli.run(pointsArgs(box, labels, "--format", "parquet", "--output", parquet.toString())).exitCode())
                .isZero();

        assertThat(sorted(Npy.read(npy).longs())).isEqualTo(expected.get(label));
        assertThat(sorted(plyVertices(ply))).isEqualTo(expected.get(label));
        for (long each : labels) {
            assertThat(sorted(Npy.read(arrays.resolve(Long.toUnsignedString(each) + ".npy")).longs()))
                    .as("label %s", Long.toUnsignedString(each)).isEqualTo(expected.getOrDefault(each, List.of()));
        }
        assertThat(parquetRows(parquet)).isEqualTo(expected);
    }

    @Test
    void labelsInRandomBoxesAreExactAndCandidatesLieBetweenThemAndTheBlockBounds() {
        Random random = new Random(SEED + 2);
        int holdingLabels = 0;
        for (int i = 0; i < 25; i++) {
            Box box = randomBox(random);

            Cli.Result exact = Cli.run("labels", "--base", base, "--bbox", text(box));
            Cli.Result candidates = Cli.run("labels", "--base", base, "--bbox", text(box), "--candidates");

            assertThat(exact.exitCode()).as("%s: %s", box, exact.err()).isZero();
            assertThat(exact.out().lines().toList()).as(box.toString()).isEqualTo(unsigned(inside(box).keySet()));
            assertThat(candidates.out().lines().toList()).as(box.toString())
                    .containsAll(exact.out().lines().toList())
                    .isSubsetOf(unsigned(blockBoundsMeeting(box)));
            holdingLabels += inside(box).size() > 1 ? 1 : 0;
        }
        assertThat(holdingLabels).as("boxes holding points of several labels").isGreaterThan(5);
    }

    @Test
    void candidatesMayOverReportWhereTheExactAnswerDoesNot() {
        Cli.Result exact = Cli.run("labels", "--base", base, "--bbox", text(BETWEEN_THE_CORNERS));
        Cli.Result candidates = Cli.run("labels", "--base", base, "--bbox", text(BETWEEN_THE_CORNERS), "--candidates");

        assertThat(exact.out().lines()).doesNotContain(Long.toString(GRAZING));
        assertThat(candidates.out().lines()).contains(Long.toString(GRAZING));
    }

    @Test
    void labelsOfABlockAreThoseWrittenIntoIt() {
        Map<String, List<Long>> byBlock = new TreeMap<>();
        written.forEach((label, blocks) -> blocks.keySet().forEach(block ->
                byBlock.computeIfAbsent(block, k -> new ArrayList<>()).add(label)));
        assertThat(byBlock).hasSizeGreaterThan(5);
        byBlock.forEach((block, labels) -> {
            Cli.Result result = Cli.run("labels", "--base", base, "--block", block);

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out().lines().toList()).as(block).isEqualTo(unsigned(labels));
        });
        assertThat(Cli.run("labels", "--base", base, "--block", "9_9_9").out()).isEmpty();
    }

    @Test
    void malformedBoxesAreUsageErrorsNamingTheValueAndWhatWasExpected() {
        Map<String, String> why = new LinkedHashMap<>();
        why.put("1,2,3", "got 3 numbers, an odd count; expected 2·D comma-separated numbers");
        why.put("", "got 1 numbers, an odd count");
        why.put("0,0,zero,1,1,1", "'zero' is not a number; expected 2·D comma-separated numbers");
        why.put("0,0,,1,1,1", "'' is not a number");
        why.put("0x10,0,0,20,1,1", "'0x10' is not a number");
        why.put("0,nan,0,1,1,1", "dimension 1 is NaN");
        why.put("0,0,5,1,1,4", "dimension 2 has min 5.0 above max 4.0; expected min <= max");
        why.put("0,0,0,1,1,9007199254740993", "'9007199254740993' is not exactly representable");
        why.put("0,0,0,1,1,1e999", "'1e999' is not exactly representable");
        why.forEach((box, expected) -> {
            for (String[] args : new String[][] {pointsArgs(box, 5), {"labels", "--base", base, "--bbox", box},
                {"render", "--base", base, "--label", "5", "--bbox", box}}) {
                Cli.Result result = Cli.run(args);

                assertThat(result.exitCode()).as(box).isEqualTo(2);
                assertThat(result.out()).as(box).isEmpty();
                // One line says it all; picocli's usage follows, as for every usage error.
                assertThat(result.err().lines().findFirst()).as(box).hasValueSatisfying(line -> assertThat(line)
                        .startsWith("Invalid value for option '--bbox': '" + box + "' is not a box: ")
                        .contains(expected));
            }
        });
    }

    @Test
    void bboxWithBlockAndCandidatesWithoutBboxAreUsageErrors() {
        Cli.Result points = Cli.run(pointsArgs("0,0,0,1,1,1", 5, "--block", "0_0_0"));
        Cli.Result labels = Cli.run("labels", "--base", base, "--bbox", "0,0,0,1,1,1", "--block", "0_0_0");
        Cli.Result candidates = Cli.run("labels", "--base", base, "--candidates");

        for (Cli.Result result : List.of(points, labels)) {
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err().lines().findFirst()).hasValue("--bbox and --block cannot be combined: give one of"
                    + " them");
        }
        assertThat(candidates.exitCode()).isEqualTo(2);
        assertThat(candidates.err().lines().findFirst()).hasValue("--candidates needs --bbox");
    }

    @Test
    void aBoxOfMoreDimensionsThanColumnsIsAUserErrorOfOneLine() {
        Cli.Result result = Cli.run("labels", "--base", base, "--bbox", "0,0,0,0,9,9,9,9");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).singleElement().asString().startsWith("pocaduck labels: ")
                .contains("4 dimensions but the points have 3");
    }

    @Test
    void helpShowsExamplesWithBboxAndBlock() {
        Map<String, List<String>> examples = Map.of(
                "points", List.of("--bbox 1000,2000,3000,1256,2256,3256", "--bbox 0,0,500,inf,inf,600",
                        "--block 3_4_5", "they cannot be combined"),
                "labels", List.of("--bbox 1000,2000,3000,1256,2256,3256", "--candidates", "--block 3_4_5"),
                "render", List.of("--bbox 1000,2000,3000,1256,2256,3256"));
        examples.forEach((command, expected) -> {
            Cli.Result help = Cli.run(command, "--help");

            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).as(command).contains("--bbox=X0,Y0,Z0,X1,Y1,Z1", "Minima", "inclusive")
                    .contains(expected);
        });
    }

    /** A box with sides in [-10, EDGE + 10), now and then an open side or an empty dimension. */
    private static Box randomBox(Random random) {
        double[] min = new double[3];
        double[] max = new double[3];
        for (int d = 0; d < 3; d++) {
            int a = random.nextInt(EDGE + 20) - 10;
            int b = random.nextInt(EDGE + 20) - 10;
            min[d] = random.nextInt(12) == 0 ? Double.NEGATIVE_INFINITY : Math.min(a, b);
            max[d] = random.nextInt(12) == 0 ? Double.POSITIVE_INFINITY : random.nextInt(40) == 0 ? min[d]
                    : Math.max(a, b);
        }
        return Box.of(min, max);
    }

    /** The box as --bbox takes it: minima, then maxima. */
    private static String text(Box box) {
        List<String> bounds = new ArrayList<>();
        for (int d = 0; d < box.dimensions(); d++) {
            bounds.add(bound(box.min(d)));
        }
        for (int d = 0; d < box.dimensions(); d++) {
            bounds.add(bound(box.max(d)));
        }
        return String.join(",", bounds);
    }

    private static String bound(double value) {
        return Double.isInfinite(value) ? (value > 0 ? "inf" : "-inf") : Long.toString((long) value);
    }

    private static String[] pointsArgs(Box box, long label, String... more) {
        return pointsArgs(text(box), new long[] {label}, more);
    }

    private static String[] pointsArgs(Box box, long[] labels, String... more) {
        return pointsArgs(text(box), labels, more);
    }

    private static String[] pointsArgs(String box, long label, String... more) {
        return pointsArgs(box, new long[] {label}, more);
    }

    private static String[] pointsArgs(String box, long[] labels, String... more) {
        List<String> args = new ArrayList<>(List.of("points", "--base", base, "--bbox", box));
        for (long label : labels) {
            args.add("--label");
            args.add(Long.toUnsignedString(label));
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Every label written, then {@code more}. */
    private static long[] allLabelsAnd(long... more) {
        long[] labels = written.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] all = Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    /** The brute-force answer: per label with points inside the box (of {@code only}, if given), its points sorted. */
    private static Map<Long, List<List<Long>>> inside(Box box, long... only) {
        Map<Long, List<List<Long>>> inside = new TreeMap<>(Long::compareUnsigned);
        written.forEach((label, blocks) -> {
            if (only.length > 0 && Arrays.stream(only).noneMatch(l -> l == label)) {
                return;
            }
            List<List<Long>> points = blocks.values().stream().flatMap(List::stream)
                    .filter(point -> contains(box, point)).map(SpatialCommandsTest::asList).sorted(LEXICOGRAPHIC)
                    .toList();
            if (!points.isEmpty()) {
                inside.put(label, points);
            }
        });
        return inside;
    }

    private static boolean contains(Box box, long[] point) {
        for (int d = 0; d < box.dimensions(); d++) {
            if (!(box.min(d) <= point[d] && point[d] < box.max(d))) {
                return false;
            }
        }
        return true;
    }

    /** The labels with a block whose points' bounds meet the box: what the index alone can say at best. */
    private static List<Long> blockBoundsMeeting(Box box) {
        List<Long> labels = new ArrayList<>();
        written.forEach((label, blocks) -> {
            boolean meets = blocks.values().stream().anyMatch(points -> {
                for (int d = 0; d < box.dimensions(); d++) {
                    int axis = d;
                    long low = points.stream().mapToLong(p -> p[axis]).min().orElseThrow();
                    long high = points.stream().mapToLong(p -> p[axis]).max().orElseThrow();
                    if (low >= box.max(d) || high < box.min(d) || box.min(d) == box.max(d)) {
                        return false;
                    }
                }
                return true;
            });
            if (meets) {
                labels.add(label);
            }
        });
        return labels;
    }

    private static final Comparator<List<Long>> LEXICOGRAPHIC = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = Long.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private static List<Long> asList(long[] point) {
        return Arrays.stream(point).boxed().toList();
    }

    private static List<List<Long>> sorted(long[][] points) {
        return Arrays.stream(points).map(SpatialCommandsTest::asList).sorted(LEXICOGRAPHIC).toList();
    }

    private static List<String> unsigned(Collection<Long> labels) {
        return labels.stream().sorted(Long::compareUnsigned).map(Long::toUnsignedString).toList();
    }

    /** CSV rows per label, each label's points sorted; a header is required. */
    private static Map<Long, List<List<Long>>> csvRows(String csv) {
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("label,x,y,z");
        Map<Long, List<List<Long>>> rows = new TreeMap<>(Long::compareUnsigned);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            rows.computeIfAbsent(Long.parseUnsignedLong(fields[0]), k -> new ArrayList<>())
                    .add(Arrays.stream(fields).skip(1).map(Long::parseLong).toList());
        }
        rows.replaceAll((label, points) -> points.stream().sorted(LEXICOGRAPHIC).toList());
        return rows;
    }

    /** The vertices of a binary PLY file of x, y, z doubles, as integers (the test's coordinates are integers). */
    private static long[][] plyVertices(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int end = text.indexOf("end_header\n") + "end_header\n".length();
        ByteBuffer body = ByteBuffer.wrap(bytes, end, bytes.length - end).order(ByteOrder.LITTLE_ENDIAN);
        long[][] vertices = new long[body.remaining() / 24][3];
        for (long[] vertex : vertices) {
            for (int d = 0; d < 3; d++) {
                vertex[d] = (long) body.getDouble();
            }
        }
        return vertices;
    }

    private static Map<Long, List<List<Long>>> parquetRows(Path file) throws Exception {
        Map<Long, List<long[]>> rows = new TreeMap<>(Long::compareUnsigned);
        try (var duck = DriverManager.getConnection("jdbc:duckdb:");
                var query = duck.prepareStatement("SELECT label::VARCHAR, x, y, z FROM read_parquet(?)")) {
            query.setString(1, file.toString());
            try (var read = query.executeQuery()) {
                while (read.next()) {
                    rows.computeIfAbsent(Long.parseUnsignedLong(read.getString(1)), k -> new ArrayList<>())
                            .add(new long[] {read.getLong(2), read.getLong(3), read.getLong(4)});
                }
            }
        }
        return rows.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> sorted(entry.getValue().toArray(long[][]::new)), (a, b) -> a,
                () -> new TreeMap<>(Long::compareUnsigned)));
    }
}
