package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spatial queries against a brute-force filter of the points written: seeded random boxes (empty, inside one chunk,
 * spanning many blocks, outside the volume, with a bound on a point exactly) on a generation of two segments and on
 * its optimized layout, for int64 and float64 columns and labels at and above 2^63.
 */
class SpatialQueryTest {
    private static final int BLOCK = 16;
    private static final int BLOCKS_PER_SIDE = 4;
    private static final int VOLUME = BLOCK * BLOCKS_PER_SIDE;
    private static final int BOXES = 60;

    @TempDir
    Path temp;

    enum Columns {
        INT64(ColumnType.INT64), FLOAT64(ColumnType.FLOAT64);

        final ColumnType type;

        Columns(ColumnType type) {
            this.type = type;
        }
    }

    /** Every point written, per label, each as its column values in doubles (exact for these small coordinates). */
    private record Written(PointSchema schema, Map<Long, List<double[]>> points, Map<String, TreeSet<Long>> blocks) {
        List<double[]> inside(long label, Box box) {
            return points.getOrDefault(label, List.of()).stream().filter(point -> inside(point, box)).toList();
        }

        static boolean inside(double[] point, Box box) {
            for (int d = 0; d < box.dimensions(); d++) {
                if (!(point[d] >= box.min(d) && point[d] < box.max(d))) {
                    return false;
                }
            }
            return true;
        }

        long[] labelsIn(Box box) {
            return points.keySet().stream().filter(label -> !inside(label, box).isEmpty())
                    .sorted(Long::compareUnsigned).mapToLong(Long::longValue).toArray();
        }
    }

    @ParameterizedTest
    @EnumSource(Columns.class)
    void boxQueriesAnswerExactlyWhatABruteForceFilterFinds(Columns columns) throws Exception {
        StorageConfig config = StorageConfig.local(temp.resolve("spatial"));
        PointSchema schema = PointSchema.of(columns.type, "x", "y", "z");
        SplittableRandom random = new SplittableRandom(20261206L + columns.ordinal());
        Written written = new Written(schema, new HashMap<>(), new HashMap<>());
        write(config, schema, written, random, 2, "a", "b");
        Ingestor.consolidateIndexes(config);
        write(config, schema, written, random, 10, "c");
        ConsolidationSummary incremental = Ingestor.consolidateIndexes(config);
        assertThat(incremental.baseGeneration()).as("a generation of two segments").isPositive();

        checkRandomBoxes(config, written, random);
        Optimizer.optimize(config);
        checkRandomBoxes(config, written, random);
    }

    /** Each worker writes blobs into about one block in {@code sparseness}. */
    private static void write(StorageConfig config, PointSchema schema, Written written, SplittableRandom random,
            int sparseness, String... workers) {
        // Labels in many blocks (their pages keep their chunks' bounds), and rare ones in one to a few blocks (read
        // whole and filtered).
        long[] common = {1, 2, 3, 77, 1_000_000, Long.MIN_VALUE, -2L, -1L};
        long[] rare = random.longs(200).toArray();
        for (String worker : workers) {
            IngestorOptions options = IngestorOptions.defaults().withSchema(schema).withMaxPointsPerFile(300);
            try (Ingestor ingestor = Ingestor.open(config, worker, options)) {
                for (int bx = 0; bx < BLOCKS_PER_SIDE; bx++) {
                    for (int by = 0; by < BLOCKS_PER_SIDE; by++) {
                        for (int bz = 0; bz < BLOCKS_PER_SIDE; bz++) {
                            if (random.nextInt(sparseness) != 0) {
                                continue;
                            }
                            String blockId = bx + "_" + by + "_" + bz;
                            for (int l = random.nextInt(3); l > 0; l--) {
                                long label = random.nextBoolean() ? common[random.nextInt(common.length)]
                                        : rare[random.nextInt(rare.length)];
                                PointCloud points = blob(schema, random, bx, by, bz, label, written);
                                ingestor.write(label, blockId, points);
                                written.blocks().computeIfAbsent(blockId, b -> new TreeSet<>(Long::compareUnsigned))
                                        .add(label);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A small blob of points around a random centre inside the block, recorded in {@code written}. */
    private static PointCloud blob(PointSchema schema, SplittableRandom random, int bx, int by, int bz, long label,
            Written written) {
        int count = 1 + random.nextInt(40);
        double[][] values = new double[3][count];
        int[] origin = {bx * BLOCK, by * BLOCK, bz * BLOCK};
        int radius = 1 + random.nextInt(BLOCK / 2);
        for (int d = 0; d < 3; d++) {
            int centre = origin[d] + random.nextInt(BLOCK);
            for (int i = 0; i < count; i++) {
                int value = Math.max(origin[d], Math.min(origin[d] + BLOCK - 1,
                        centre + random.nextInt(2 * radius + 1) - radius));
                values[d][i] = schema.type(0) == ColumnType.FLOAT64 ? value + random.nextInt(4) * 0.25 : value;
            }
        }
        List<double[]> points = written.points().computeIfAbsent(label, l -> new ArrayList<>());
        for (int i = 0; i < count; i++) {
            points.add(new double[] {values[0][i], values[1][i], values[2][i]});
        }
        if (schema.type(0) == ColumnType.FLOAT64) {
            return PointCloud.ofColumns(schema, values[0], values[1], values[2]);
        }
        long[][] longs = new long[3][count];
        for (int d = 0; d < 3; d++) {
            for (int i = 0; i < count; i++) {
                longs[d][i] = (long) values[d][i];
            }
        }
        return PointCloud.ofColumns(schema, longs[0], longs[1], longs[2]);
    }

    private static void checkRandomBoxes(StorageConfig config, Written written, SplittableRandom random) {
        List<Long> labels = new ArrayList<>(written.points().keySet());
        long[] all = labels.stream().mapToLong(Long::longValue).toArray();
        try (Query query = Query.open(config, QueryOptions.defaults().withCacheBytes(0));
                Query cached = Query.open(config)) {
            cached.getPoints(all);
            for (int i = 0; i < BOXES; i++) {
                Box box = randomBox(random, written, labels);
                long[] expected = written.labelsIn(box);
                assertThat(query.getLabels(box)).as("labels in %s", box).containsExactly(expected);
                assertThat(Arrays.stream(query.getLabelsPossiblyInBox(box)).boxed().toList()).as("candidates in %s", box)
                        .containsAll(Arrays.stream(expected).boxed().toList());
                Map<Long, PointCloud> batch = query.getPoints(labels.stream().mapToLong(Long::longValue).toArray(),
                        box);
                for (long label : labels) {
                    PointCloud inside = query.getPoints(label, box);
                    assertThat(rows(inside)).as("points of %s in %s", Long.toUnsignedString(label), box)
                            .containsExactlyInAnyOrderElementsOf(rows(written.inside(label, box)));
                    assertThat(rows(inside)).as("in getPoints(label) order")
                            .containsExactlyElementsOf(rows(bruteForce(query.getPoints(label), box)));
                    assertThat(batch.get(label)).isEqualTo(inside);
                    assertThat(cached.getPoints(label, box)).as("filtered from the point cache").isEqualTo(inside);
                }
            }
            for (var block : written.blocks().entrySet()) {
                assertThat(query.getLabelsInBlock(block.getKey())).as("labels of block %s", block.getKey())
                        .containsExactly(block.getValue().stream().mapToLong(Long::longValue).toArray());
            }
            assertThat(query.getLabelsInBlock("no_such_block")).isEmpty();
            Box beside = Box.of(-10, -10, -10, -1, VOLUME, VOLUME);
            assertThat(query.getLabelsPossiblyInBox(beside)).as("the recorded bounds rule every label out").isEmpty();
        }
    }

    private static Box randomBox(SplittableRandom random, Written written, List<Long> labels) {
        double[] min = new double[3];
        double[] max = new double[3];
        switch (random.nextInt(5)) {
            case 0 -> { // empty
                for (int d = 0; d < 3; d++) {
                    min[d] = max[d] = random.nextInt(VOLUME);
                }
            }
            case 1 -> { // inside one block
                for (int d = 0; d < 3; d++) {
                    min[d] = random.nextInt(BLOCKS_PER_SIDE) * BLOCK + random.nextInt(BLOCK / 2);
                    max[d] = min[d] + 1 + random.nextInt(BLOCK / 2);
                }
            }
            case 2 -> { // spanning many blocks
                for (int d = 0; d < 3; d++) {
                    min[d] = random.nextInt(VOLUME / 2) - 0.5;
                    max[d] = min[d] + VOLUME / 3.0 + random.nextInt(VOLUME / 2);
                }
            }
            case 3 -> { // outside the volume
                for (int d = 0; d < 3; d++) {
                    min[d] = VOLUME + random.nextInt(10);
                    max[d] = min[d] + 20;
                }
                min[0] = Double.NEGATIVE_INFINITY;
                max[0] = -1;
            }
            default -> { // bounds on a point exactly: the point is in a box starting there, not in one ending there
                List<double[]> points = written.points().get(labels.get(random.nextInt(labels.size())));
                double[] point = points.get(random.nextInt(points.size()));
                boolean startsThere = random.nextBoolean();
                for (int d = 0; d < 3; d++) {
                    min[d] = startsThere ? point[d] : point[d] - 1 - random.nextInt(BLOCK);
                    max[d] = startsThere ? point[d] + 1 + random.nextInt(BLOCK) : point[d];
                }
            }
        }
        return Box.of(min, max);
    }

    private static PointCloud bruteForce(PointCloud points, Box box) {
        List<double[]> inside = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double[] point = {points.getDouble(i, 0), points.getDouble(i, 1), points.getDouble(i, 2)};
            if (Written.inside(point, box)) {
                inside.add(point);
            }
        }
        double[][] columns = new double[3][inside.size()];
        for (int i = 0; i < inside.size(); i++) {
            for (int d = 0; d < 3; d++) {
                columns[d][i] = inside.get(i)[d];
            }
        }
        return PointCloud.ofColumns(PointSchema.of(ColumnType.FLOAT64, "x", "y", "z"), columns[0], columns[1],
                columns[2]);
    }

    private static List<String> rows(PointCloud points) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            rows.add(points.getDouble(i, 0) + "," + points.getDouble(i, 1) + "," + points.getDouble(i, 2));
        }
        return rows;
    }

    private static List<String> rows(List<double[]> points) {
        return points.stream().map(point -> point[0] + "," + point[1] + "," + point[2]).toList();
    }

    @Test
    void int64BoundsAreComparedExactlyEvenBeyondTwoToThe53() {
        PointSchema schema = PointSchema.of(ColumnType.INT64, "x");
        StorageConfig config = StorageConfig.local(temp.resolve("wide"));
        long[] values = {Long.MIN_VALUE, -(1L << 53) - 1, -1, 0, (1L << 53) + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        try (Ingestor ingestor = Ingestor.open(config, "w", IngestorOptions.defaults().withSchema(schema))) {
            for (long value : values) {
                ingestor.write(-1L, "b" + Long.toUnsignedString(value & 3), PointCloud.ofColumns(schema,
                        (Object) new long[] {value}));
            }
        }
        Ingestor.consolidateIndexes(config);
        double[] bounds = {Double.NEGATIVE_INFINITY, -0x1p63, -0x1p53 - 2, -0x1p53, -1.5, -1, 0, 0.5, 0x1p53,
            0x1p53 + 2, 0x1p63 - 1024, 0x1p63, Double.POSITIVE_INFINITY};
        try (Query query = Query.open(config)) {
            for (double low : bounds) {
                for (double high : bounds) {
                    if (low > high) {
                        continue;
                    }
                    Box box = Box.of(new double[] {low}, new double[] {high});
                    List<Long> expected = new ArrayList<>();
                    for (long value : values) {
                        BigDecimal exact = BigDecimal.valueOf(value);
                        if (!Double.isInfinite(low) && exact.compareTo(new BigDecimal(low)) < 0
                                || !Double.isInfinite(high) && exact.compareTo(new BigDecimal(high)) >= 0
                                || high == Double.NEGATIVE_INFINITY || low == Double.POSITIVE_INFINITY) {
                            continue;
                        }
                        expected.add(value);
                    }
                    PointCloud inside = query.getPoints(-1L, box);
                    List<Long> got = new ArrayList<>();
                    inside.longColumn(0).rewind();
                    for (int i = 0; i < inside.size(); i++) {
                        got.add(inside.getLong(i, 0));
                    }
                    assertThat(got).as("%s", box).containsExactlyInAnyOrderElementsOf(expected);
                    assertThat(query.getLabels(box)).as("%s", box)
                            .containsExactly(expected.isEmpty() ? new long[0] : new long[] {-1L});
                }
            }
        }
    }

    @Test
    void badBoxesAreRejectedWithWhatWasExpected() {
        assertThatThrownBy(() -> Box.of(5, 0, 0, 4, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min 5.0 above max 4.0");
        assertThatThrownBy(() -> Box.of(0, Double.NaN, 0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Box.of(new double[] {0, 0}, new double[] {1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 minima and 3 maxima");
        assertThatThrownBy(() -> Box.of(new double[0], new double[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one dimension");
        assertThatThrownBy(() -> Box.of(List.of("x", "x"), new double[] {0, 0}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named twice");

        StorageConfig config = StorageConfig.local(temp.resolve("bad"));
        PointSchema schema = PointSchema.of(ColumnType.INT64, "x", "y", "z");
        try (Ingestor ingestor = Ingestor.open(config, "w", IngestorOptions.defaults().withSchema(schema))) {
            ingestor.write(7, "0_0_0", new long[][] {{1, 2, 3}});
        }
        Ingestor.consolidateIndexes(config);
        try (Query query = Query.open(config)) {
            Box fourDimensions = Box.of(new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1});
            assertThatThrownBy(() -> query.getPoints(7, fourDimensions)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has 4 dimensions but the points have 3 columns");
            Box unknown = Box.of(List.of("w"), new double[] {0}, new double[] {1});
            assertThatThrownBy(() -> query.getLabels(unknown)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("box column 'w' is not a point column");
            Box named = Box.of(List.of("z", "x"), new double[] {3, 1}, new double[] {4, 2});
            assertThat(query.getPoints(7, named).size()).isEqualTo(1);
            assertThat(query.getLabels(named)).containsExactly(7);
            Box missesZ = Box.of(List.of("z"), new double[] {0}, new double[] {3});
            assertThat(query.getPoints(7, missesZ).isEmpty()).isTrue();
            assertThat(query.getLabels(missesZ)).isEmpty();
        }
    }
}
