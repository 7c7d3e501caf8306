package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded random label volume, C-order (z, y, x) with x fastest, and what a scan of it must find, computed voxel by
 * voxel over the whole volume. Shared by the core and command-line scan tests.
 */
public final class RandomLabelVolume {

    /** One voxel in volume coordinates. */
    public record Voxel(long x, long y, long z) {
    }

    public final int nz;
    public final int ny;
    public final int nx;
    public final long[] labels;

    private RandomLabelVolume(int nz, int ny, int nx, long[] labels) {
        this.nz = nz;
        this.ny = ny;
        this.nx = nx;
        this.labels = labels;
    }

    /** Blobs: each voxel repeats a neighbour's label most of the time, so labels form runs, sheets and patches. */
    public static RandomLabelVolume generate(int nz, int ny, int nx, long[] labelChoices, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] volume = new long[nz * ny * nx];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int p = (z * ny + y) * nx + x;
                    double draw = random.nextDouble();
                    if (x > 0 && draw < 0.5) {
                        volume[p] = volume[p - 1];
                    } else if (y > 0 && draw < 0.7) {
                        volume[p] = volume[p - nx];
                    } else if (z > 0 && draw < 0.85) {
                        volume[p] = volume[p - nx * ny];
                    } else {
                        volume[p] = labelChoices[random.nextInt(labelChoices.length)];
                    }
                }
            }
        }
        return new RandomLabelVolume(nz, ny, nx, volume);
    }

    /** An existing (z, y, x) C-order volume. */
    public static RandomLabelVolume of(int nz, int ny, int nx, long[] labels) {
        return new RandomLabelVolume(nz, ny, nx, labels);
    }

    public long label(int z, int y, int x) {
        return labels[(z * ny + y) * nx + x];
    }

    /**
     * Every label's points by the scanner's documented rules. A neighbour outside the volume counts as another label;
     * with {@code block} (z, y, x edges; null for none) so does a neighbour in another block.
     */
    public Map<Long, Set<Voxel>> expected(BlockScanner scanner, int[] block) {
        Map<Long, Set<Voxel>> points = new HashMap<>();
        int stride = scanner.stride();
        for (int z = 0; z < nz; z += stride) {
            for (int y = 0; y < ny; y += stride) {
                for (int x = 0; x < nx; x += stride) {
                    long label = label(z, y, x);
                    if ((label != 0 || scanner.includesBackground())
                            && (!scanner.surfaceOnly() || onSurface(z, y, x, block))) {
                        points.computeIfAbsent(label, l -> new HashSet<>()).add(new Voxel(x, y, z));
                    }
                }
            }
        }
        return points;
    }

    private boolean onSurface(int z, int y, int x, int[] block) {
        int[][] steps = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        for (int[] step : steps) {
            int sz = z + step[0];
            int sy = y + step[1];
            int sx = x + step[2];
            boolean outside = sz < 0 || sz >= nz || sy < 0 || sy >= ny || sx < 0 || sx >= nx;
            boolean otherBlock = block != null && (sz / block[0] != z / block[0] || sy / block[1] != y / block[1]
                    || sx / block[2] != x / block[2]);
            if (outside || otherBlock || label(sz, sy, sx) != label(z, y, x)) {
                return true;
            }
        }
        return false;
    }

    /** Asserts that the dataset holds exactly {@code expected}: the same labels, each with exactly those voxels. */
    public static void assertHolds(Query query, Map<Long, Set<Voxel>> expected) {
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
