package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.RandomLabelVolume.Voxel;

/** Hand-made blocks whose points are known exactly. Arrays are C-order (z, y, x) unless a test says otherwise. */
class BlockScannerTest {
    private static final long LABEL = 7;
    private static final long TOP = -1L;
    private static final long HALF = Long.MIN_VALUE;
    private static final long[] ORIGIN = {0, 0, 0};

    @TempDir
    Path temp;

    /** A block of shape (nz, ny, nx) filled by a function of (z, y, x). */
    private interface Labeling {
        long at(int z, int y, int x);
    }

    private static long[] block(int nz, int ny, int nx, Labeling labeling) {
        long[] labels = new long[nz * ny * nx];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    labels[(z * ny + y) * nx + x] = labeling.at(z, y, x);
                }
            }
        }
        return labels;
    }

    private static ScannedPoints scan(BlockScanner scanner, long[] labels, int[] shape, long[] offset) {
        ScannedPoints points = new ScannedPoints();
        scanner.scan(labels, shape, offset, new int[3], shape, points);
        assertThat(points.duplicates()).isZero();
        return points;
    }

    @Test
    void aCubeHasAllItsVoxelsAndASurfaceOfNCubedMinusTheInteriorCube() {
        int n = 6;
        long[] labels = block(n, n, n, (z, y, x) -> LABEL);
        int[] shape = {n, n, n};

        assertThat(scan(BlockScanner.allVoxels(), labels, shape, ORIGIN).of(LABEL)).hasSize(n * n * n);
        Set<Voxel> surface = scan(BlockScanner.surfaceVoxels(), labels, shape, ORIGIN).of(LABEL);
        assertThat(surface).hasSize(n * n * n - (n - 2) * (n - 2) * (n - 2))
                .contains(new Voxel(0, 0, 0), new Voxel(5, 3, 2))
                .doesNotContain(new Voxel(1, 1, 1), new Voxel(4, 4, 4));
    }

    @Test
    void aCubeInBackgroundGivesTheSameSurfaceAndNoBackgroundPoints() {
        long[] labels = block(7, 7, 7, (z, y, x) -> inside(z, 1, 5) && inside(y, 1, 5) && inside(x, 1, 5) ? LABEL : 0);
        int[] shape = {7, 7, 7};

        ScannedPoints surface = scan(BlockScanner.surfaceVoxels(), labels, shape, ORIGIN);

        assertThat(surface.byLabel().keySet()).containsExactly(LABEL);
        assertThat(surface.of(LABEL)).hasSize(125 - 27).doesNotContain(new Voxel(3, 3, 3));
    }

    @Test
    void backgroundBecomesPointsOnlyWhenAsked() {
        long[] labels = block(3, 4, 5, (z, y, x) -> x == 2 ? LABEL : 0);
        int[] shape = {3, 4, 5};

        assertThat(scan(BlockScanner.allVoxels(), labels, shape, ORIGIN).byLabel().keySet()).containsExactly(LABEL);
        ScannedPoints withBackground = scan(BlockScanner.allVoxels().withBackground(true), labels, shape, ORIGIN);
        assertThat(withBackground.order()).containsExactly(0L, LABEL);
        assertThat(withBackground.of(0)).hasSize(3 * 4 * 4).doesNotContain(new Voxel(2, 0, 0));
        assertThat(withBackground.of(LABEL)).hasSize(3 * 4);
    }

    @Test
    void twoTouchingLabelsBothHaveTheSharedFaceOnTheirSurface() {
        // Label 1 where x < 6, label 2 where x >= 6, in a 6 × 6 × 12 block.
        long[] labels = block(6, 6, 12, (z, y, x) -> x < 6 ? 1 : 2);
        int[] shape = {6, 6, 12};

        ScannedPoints surface = scan(BlockScanner.surfaceVoxels(), labels, shape, ORIGIN);

        // Each half is a 6³ cube whose every face is either the block's edge or the other label.
        assertThat(surface.of(1)).hasSize(216 - 64).contains(new Voxel(5, 3, 3)).doesNotContain(new Voxel(4, 3, 3));
        assertThat(surface.of(2)).hasSize(216 - 64).contains(new Voxel(6, 3, 3)).doesNotContain(new Voxel(7, 3, 3));
    }

    @Test
    void aHaloDecidesTheSurfaceAtTheBlockFacesButBecomesNoPoints() {
        long[] labels = block(6, 6, 6, (z, y, x) -> LABEL);
        int[] shape = {6, 6, 6};
        ScannedPoints points = new ScannedPoints();

        BlockScanner.Summary summary = BlockScanner.surfaceVoxels()
                .scan(labels, shape, ORIGIN, new int[] {1, 1, 1}, new int[] {4, 4, 4}, points);

        assertThat(points.byLabel()).isEmpty();
        assertThat(summary).isEqualTo(new BlockScanner.Summary(64, 0, 0));
        ScannedPoints all = new ScannedPoints();
        BlockScanner.allVoxels().scan(labels, shape, ORIGIN, new int[] {1, 1, 1}, new int[] {4, 4, 4}, all);
        assertThat(all.of(LABEL)).hasSize(64).contains(new Voxel(1, 1, 1), new Voxel(4, 4, 4))
                .doesNotContain(new Voxel(0, 1, 1), new Voxel(5, 4, 4));
    }

    @Test
    void labelsOfTwoToThe63AndAboveKeepTheirBitsAndComeInUnsignedOrder() {
        long[] labels = block(2, 2, 2, (z, y, x) -> z == 0 ? TOP : y == 0 ? HALF : 1);

        ScannedPoints points = scan(BlockScanner.allVoxels(), labels, new int[] {2, 2, 2}, ORIGIN);

        assertThat(points.order()).containsExactly(1L, HALF, TOP);
        assertThat(points.of(TOP)).containsExactlyInAnyOrder(new Voxel(0, 0, 0), new Voxel(1, 0, 0),
                new Voxel(0, 1, 0), new Voxel(1, 1, 0));
        assertThat(points.of(HALF)).containsExactlyInAnyOrder(new Voxel(0, 0, 1), new Voxel(1, 0, 1));
    }

    @Test
    void coordinatesAreInVolumeSpace() {
        long[] labels = new long[2 * 3 * 4];
        labels[(1 * 3 + 2) * 4 + 3] = LABEL;

        ScannedPoints points = scan(BlockScanner.allVoxels(), labels, new int[] {2, 3, 4}, new long[] {100, 200, 300});

        assertThat(points.of(LABEL)).containsExactly(new Voxel(303, 202, 101));
    }

    @Test
    void theStrideGridIsInVolumeCoordinates() {
        long[] labels = block(8, 8, 8, (z, y, x) -> LABEL);

        ScannedPoints points = scan(BlockScanner.allVoxels().withStride(2), labels, new int[] {8, 8, 8},
                new long[] {3, 0, 5});

        Set<Voxel> expected = new HashSet<>();
        for (long z : List.of(4L, 6L, 8L, 10L)) {
            for (long y : List.of(0L, 2L, 4L, 6L)) {
                for (long x : List.of(6L, 8L, 10L, 12L)) {
                    expected.add(new Voxel(x, y, z));
                }
            }
        }
        assertThat(points.of(LABEL)).isEqualTo(expected);
    }

    @Test
    void theStrideGridHoldsForNegativeCoordinatesToo() {
        long[] labels = block(1, 1, 7, (z, y, x) -> LABEL);

        ScannedPoints points = scan(BlockScanner.allVoxels().withStride(3), labels, new int[] {1, 1, 7},
                new long[] {-3, 6, -4});

        assertThat(points.of(LABEL)).containsExactlyInAnyOrder(new Voxel(-3, 6, -3), new Voxel(0, 6, -3));
    }

    @Test
    void aStrideKeepsTheSurfaceVoxelsOnItsGrid() {
        int n = 7;
        long[] labels = block(n, n, n, (z, y, x) -> LABEL);

        Set<Voxel> points = scan(BlockScanner.surfaceVoxels().withStride(3), labels, new int[] {n, n, n}, ORIGIN)
                .of(LABEL);

        // Grid coordinates 0, 3, 6 per axis: 27 voxels, of which only (3, 3, 3) is inside.
        assertThat(points).hasSize(26).doesNotContain(new Voxel(3, 3, 3)).contains(new Voxel(6, 0, 3));
    }

    @Test
    void aNonCubicBlockKeepsEveryAxisApart() {
        // Label = 100 z + 10 y + x: every voxel its own label, so each coordinate can be checked.
        long[] labels = block(2, 3, 5, (z, y, x) -> 100 * z + 10 * y + x + 1);

        ScannedPoints points = scan(BlockScanner.allVoxels(), labels, new int[] {2, 3, 5}, new long[] {10, 20, 30});

        assertThat(points.byLabel()).hasSize(30);
        assertThat(points.of(124 + 1)).containsExactly(new Voxel(34, 22, 11));
    }

    @Test
    void thousandsOfLabelsInOneBlockEachGetTheirOwnPoints() {
        // Labels sharing their low bits and differing in the high ones, then the reverse: both must spread out.
        long[] labels = block(16, 16, 16,
                (z, y, x) -> ((long) x << 56 | (long) y << 48 | z) + (z % 2 == 0 ? 1 : 1L << 20));

        ScannedPoints points = scan(BlockScanner.allVoxels(), labels, new int[] {16, 16, 16}, ORIGIN);

        assertThat(points.byLabel().size()).isEqualTo(4096);
        assertThat(points.of(labels[(3 * 16 + 5) * 16 + 15])).containsExactly(new Voxel(15, 5, 3));
        List<Long> order = points.order();
        for (int i = 1; i < order.size(); i++) {
            assertThat(Long.compareUnsigned(order.get(i - 1), order.get(i))).isNegative();
        }
    }

    @Test
    void axisOrderXyzReadsTheFirstArrayAxisAsX() {
        // Array axes (x, y, z) of shape (2, 3, 5): z varies fastest.
        long[] labels = new long[2 * 3 * 5];
        labels[(1 * 3 + 2) * 5 + 4] = LABEL;
        BlockScanner scanner = BlockScanner.allVoxels().withAxisOrder(BlockScanner.AxisOrder.XYZ);

        ScannedPoints points = scan(scanner, labels, new int[] {2, 3, 5}, new long[] {10, 20, 30});

        assertThat(points.of(LABEL)).containsExactly(new Voxel(11, 22, 34));
    }

    @Test
    void summaryCountsRegionVoxelsPointsAndLabels() {
        long[] labels = block(4, 4, 4, (z, y, x) -> x < 2 ? 0 : y < 2 ? 5 : 6);

        BlockScanner.Summary summary = BlockScanner.allVoxels().withStride(2)
                .scan(labels, new int[] {4, 4, 4}, ORIGIN, new int[3], new int[] {4, 4, 4}, new ScannedPoints());

        assertThat(summary).isEqualTo(new BlockScanner.Summary(64, 4, 2));
    }

    @Test
    void writesOneChunkPerLabelThroughTheIngestor() {
        StorageConfig config = StorageConfig.local(temp.resolve("dataset"));
        long[] labels = block(3, 3, 3, (z, y, x) -> z == 0 ? TOP : 0);
        try (Ingestor ingestor = Ingestor.open(config, "worker-1")) {
            BlockScanner.allVoxels().scan(labels, new int[] {3, 3, 3}, new long[] {30, 0, 0}, "0_0_10", ingestor);
            BlockScanner.allVoxels().scan(new long[27], new int[] {3, 3, 3}, ORIGIN, "0_0_0", ingestor);
        }
        Ingestor.consolidateIndexes(config);

        try (Query query = Query.open(config)) {
            assertThat(query.getLabels()).containsExactly(TOP);
            assertThat(query.getBlocksForLabel(TOP)).containsExactly("0_0_10");
            PointCloud cloud = query.getPoints(TOP);
            assertThat(cloud.schema()).isEqualTo(BlockScanner.SCHEMA);
            assertThat(cloud.size()).isEqualTo(9);
            assertThat(cloud.longColumn(2).get(0)).isEqualTo(30);
        }
    }

    @Test
    void badInputIsRejectedWithTheValueAndWhatWasExpected() {
        BlockScanner scanner = BlockScanner.allVoxels();
        ScannedPoints sink = new ScannedPoints();
        int[] cube = {2, 2, 2};

        assertThatThrownBy(() -> scanner.scan(new long[7], cube, ORIGIN, new int[3], cube, sink))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels has 7 values but shape [2, 2, 2] needs 8");
        assertThatThrownBy(() -> scanner.scan(new long[4], new int[] {2, 2}, ORIGIN, new int[3], cube, sink))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape is [2, 2]; expected three values, one per array axis");
        assertThatThrownBy(() -> scanner.scan(new long[0], new int[] {0, 2, 2}, ORIGIN, new int[3], cube, sink))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape is [0, 2, 2]; expected three sizes of 1 or more");
        assertThatThrownBy(() -> scanner.scan(new long[8], cube, ORIGIN, new int[] {1, 0, 0}, cube, sink))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region [1, 0, 0] + [2, 2, 2] does not lie inside the array of shape [2, 2, 2]");
        assertThatThrownBy(() -> scanner.scan(new long[8], cube, new long[] {Long.MAX_VALUE, 0, 0}, new int[3],
                cube, sink))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overflows a long coordinate");
        assertThatThrownBy(() -> scanner.scan(null, cube, ORIGIN, new int[3], cube, sink))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("labels is null");
        assertThatThrownBy(() -> scanner.withStride(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stride is 0; expected 1 or more");
    }

    @Test
    void aBlankBlockIdIsRejectedEvenWhenTheBlockIsEmpty() {
        try (Ingestor ingestor = Ingestor.open(StorageConfig.local(temp.resolve("dataset")), "worker-1")) {
            assertThatThrownBy(() -> BlockScanner.allVoxels().scan(new long[8], new int[] {2, 2, 2}, ORIGIN, " ",
                    ingestor))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("block id is blank");
        }
    }

    private static boolean inside(int value, int from, int to) {
        return value >= from && value <= to;
    }
}
