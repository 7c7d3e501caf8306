package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.RandomLabelVolume.Voxel;

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
        RandomLabelVolume random = RandomLabelVolume.generate(NZ, NY, NX, LABELS, 15);
        long[] volume = random.labels;
        ScannedPoints blockwise = new ScannedPoints();
        forEachBlock((start, size) -> {
            long[] labels = copy(volume, start, size);
            BlockScanner.surfaceVoxels().scan(labels, size, toLong(start), new int[3], size, blockwise);
        });

        Map<Long, Set<Voxel>> expected = random.expected(BlockScanner.surfaceVoxels(), BLOCK);
        assertThat(blockwise.byLabel()).isEqualTo(expected);
    }

    private void assertBlockwiseEqualsWholeVolume(BlockScanner scanner, long seed) {
        RandomLabelVolume random = RandomLabelVolume.generate(NZ, NY, NX, LABELS, seed);
        long[] volume = random.labels;
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

        try (Query query = Query.open(config)) {
            RandomLabelVolume.assertHolds(query, random.expected(scanner, null));
        }
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
