package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.ScannedPoints.Voxel;

/**
 * Seeded random volumes scanned block by block (blocks that do not divide the volume, each with a one-voxel halo)
 * into a dataset by two workers, then read back label by label and compared with a brute-force pass over the whole
 * volume.
 */
class BlockScannerVolumeTest {
    private static final int NZ = 19;
    private static final int NY = 23;
    private static final int NX = 26;
    private static final int[] BLOCK = {8, 10, 12};
    private static final long[] LABELS = {0, 1, 2, 0x7fff_ffff_ffff_fffeL, Long.MIN_VALUE, -1L, 1L << 40};

    @TempDir
    Path temp;

    @Test
    void allVoxels() {
        assertBlockwiseEqualsWholeVolume(BlockScanner.allVoxels(), 11);
    }

    @Test
    void surfaceVoxelsWithHalosGiveTheSurfaceOfTheWholeVolume() {
        assertBlockwiseEqualsWholeVolume(BlockScanner.surfaceVoxels(), 12);
    }

    @Test
    void surfaceOnAStrideWithBackground() {
        assertBlockwiseEqualsWholeVolume(BlockScanner.surfaceVoxels().withStride(3).withBackground(true), 13);
    }

    @Test
    void allVoxelsOnAStride() {
        assertBlockwiseEqualsWholeVolume(BlockScanner.allVoxels().withStride(2), 14);
    }

    @Test
    void withoutHalosTheBlockFacesAreSurfaceToo() {
        long[] volume = randomVolume(15);
        ScannedPoints blockwise = new ScannedPoints();
        forEachBlock((start, size) -> {
            long[] labels = copy(volume, start, size);
            BlockScanner.surfaceVoxels().scan(labels, size, toLong(start), new int[3], size, blockwise);
        });

        Map<Long, Set<Voxel>> expected = bruteForce(volume, BlockScanner.surfaceVoxels(), true);
        assertThat(blockwise.byLabel()).isEqualTo(expected);
    }

    private void assertBlockwiseEqualsWholeVolume(BlockScanner scanner, long seed) {
        long[] volume = randomVolume(seed);
        StorageConfig config = StorageConfig.local(temp.resolve("dataset"));
        try (Ingestor even = Ingestor.open(config, "worker-1"); Ingestor odd = Ingestor.open(config, "worker-2")) {
            int[] blockNumber = {0};
            forEachBlock((start, size) -> {
                int[] haloStart = new int[3];
                int[] haloSize = new int[3];
                int[] region = new int[3];
                int[] volumeShape = {NZ, NY, NX};
                for (int axis = 0; axis < 3; axis++) {
                    haloStart[axis] = Math.max(0, start[axis] - 1);
                    haloSize[axis] = Math.min(volumeShape[axis], start[axis] + size[axis] + 1) - haloStart[axis];
                    region[axis] = start[axis] - haloStart[axis];
                }
                String blockId = start[2] / BLOCK[2] + "_" + start[1] / BLOCK[1] + "_" + start[0] / BLOCK[0];
                Ingestor ingestor = blockNumber[0]++ % 2 == 0 ? even : odd;
                scanner.scan(copy(volume, haloStart, haloSize), haloSize, toLong(haloStart), region, size, blockId,
                        ingestor);
            });
        }
        Ingestor.consolidateIndexes(config);

        Map<Long, Set<Voxel>> expected = bruteForce(volume, scanner, false);
        try (Query query = Query.open(config)) {
            assertThat(Arrays.stream(query.getLabels()).boxed()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (Map.Entry<Long, Set<Voxel>> label : expected.entrySet()) {
                PointCloud cloud = query.getPoints(label.getKey());
                assertThat(cloud.size()).as("points of label %s", Long.toUnsignedString(label.getKey()))
                        .isEqualTo(label.getValue().size());
                Set<Voxel> read = new HashSet<>();
                for (long[] row : cloud.toLongArray()) {
                    read.add(new Voxel(row[0], row[1], row[2]));
                }
                assertThat(read).isEqualTo(label.getValue());
            }
        }
    }

    /** Blobs: each voxel repeats a neighbour's label most of the time, so labels form runs, sheets and patches. */
    private static long[] randomVolume(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] volume = new long[NZ * NY * NX];
        for (int z = 0; z < NZ; z++) {
            for (int y = 0; y < NY; y++) {
                for (int x = 0; x < NX; x++) {
                    int p = (z * NY + y) * NX + x;
                    double draw = random.nextDouble();
                    if (x > 0 && draw < 0.5) {
                        volume[p] = volume[p - 1];
                    } else if (y > 0 && draw < 0.7) {
                        volume[p] = volume[p - NX];
                    } else if (z > 0 && draw < 0.85) {
                        volume[p] = volume[p - NX * NY];
                    } else {
                        volume[p] = LABELS[random.nextInt(LABELS.length)];
                    }
                }
            }
        }
        return volume;
    }

    /**
     * Every label's points computed voxel by voxel over the whole volume: the documented rules, with a neighbour
     * outside the volume counting as different, and (when {@code blockFacesAreEdges}) outside the voxel's block too.
     */
    private static Map<Long, Set<Voxel>> bruteForce(long[] volume, BlockScanner scanner, boolean blockFacesAreEdges) {
        Map<Long, Set<Voxel>> points = new HashMap<>();
        int stride = scanner.stride();
        for (int z = 0; z < NZ; z += stride) {
            for (int y = 0; y < NY; y += stride) {
                for (int x = 0; x < NX; x += stride) {
                    long label = volume[(z * NY + y) * NX + x];
                    if (label == 0 && !scanner.includesBackground()) {
                        continue;
                    }
                    if (scanner.surfaceOnly() && !onSurface(volume, z, y, x, blockFacesAreEdges)) {
                        continue;
                    }
                    points.computeIfAbsent(label, l -> new HashSet<>()).add(new Voxel(x, y, z));
                }
            }
        }
        return points;
    }

    private static boolean onSurface(long[] volume, int z, int y, int x, boolean blockFacesAreEdges) {
        long label = volume[(z * NY + y) * NX + x];
        int[][] steps = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        for (int[] step : steps) {
            int nz = z + step[0];
            int ny = y + step[1];
            int nx = x + step[2];
            boolean outside = nz < 0 || nz >= NZ || ny < 0 || ny >= NY || nx < 0 || nx >= NX;
            boolean otherBlock = nz / BLOCK[0] != z / BLOCK[0] || ny / BLOCK[1] != y / BLOCK[1]
                    || nx / BLOCK[2] != x / BLOCK[2];
            if (outside || blockFacesAreEdges && otherBlock || volume[(nz * NY + ny) * NX + nx] != label) {
                return true;
            }
        }
        return false;
    }

    private interface BlockVisitor {
        void visit(int[] start, int[] size);
    }

    /** The blocks of the volume, (z, y, x) order; those at the far faces are cut short. */
    private static void forEachBlock(BlockVisitor visitor) {
        int[] shape = {NZ, NY, NX};
        for (int z = 0; z < NZ; z += BLOCK[0]) {
            for (int y = 0; y < NY; y += BLOCK[1]) {
                for (int x = 0; x < NX; x += BLOCK[2]) {
                    int[] start = {z, y, x};
                    int[] size = new int[3];
                    for (int axis = 0; axis < 3; axis++) {
                        size[axis] = Math.min(BLOCK[axis], shape[axis] - start[axis]);
                    }
                    visitor.visit(start, size);
                }
            }
        }
    }

    private static long[] copy(long[] volume, int[] start, int[] size) {
        long[] labels = new long[size[0] * size[1] * size[2]];
        int i = 0;
        for (int z = start[0]; z < start[0] + size[0]; z++) {
            for (int y = start[1]; y < start[1] + size[1]; y++) {
                int from = (z * NY + y) * NX + start[2];
                System.arraycopy(volume, from, labels, i, size[2]);
                i += size[2];
            }
        }
        return labels;
    }

    private static long[] toLong(int[] values) {
        return new long[] {values[0], values[1], values[2]};
    }
}
