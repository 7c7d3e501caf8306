package org.pocaduck.bench;

import java.util.SplittableRandom;

/**
 * A deterministic stand-in for a dense segmentation of a brain volume, as a C-order (z, y, x) array of uint64
 * labels: the whole cube is tiled by compact fragments (the cells of a jittered-grid Voronoi partition, about
 * {@value #FRAGMENT_SPACING} voxels across, a tenth of them background), and long unbranched tubes ("neurites",
 * {@value #MIN_TUBE_RADIUS} to {@value #MAX_TUBE_RADIUS} voxels thick) run through it across many blocks. Labels are
 * drawn like the rest of the benchmarks' ({@link LabelIds}), so some are at or above 2^63.
 */
public final class DenseLabelVolume {
    private static final int FRAGMENT_SPACING = 12;
    private static final int BACKGROUND_ONE_IN = 10;
    private static final int MIN_TUBE_RADIUS = 2;
    private static final int MAX_TUBE_RADIUS = 5;
    /** How far the direction of a tube may turn per step. */
    private static final double TURN = 0.25;

    private final int side;
    private final long[] labels;

    private DenseLabelVolume(int side, long[] labels) {
        this.side = side;
        this.labels = labels;
    }

    /**
     * A cube of {@code side}³ voxels (side 16 to 1024) with {@code tubes} neurites; the same seed gives the same
     * volume.
     */
    public static DenseLabelVolume generate(int side, int tubes, long seed) {
        if (side < 16 || side > 1024) {
            throw new IllegalArgumentException("side is " + side + "; expected 16 to 1024");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int cells = (side + FRAGMENT_SPACING - 1) / FRAGMENT_SPACING;
        long[] ids = LabelIds.draw(cells * cells * cells + tubes, random);
        long[] labels = new long[side * side * side];
        fillFragments(side, cells, ids, random, labels);
        for (int tube = 0; tube < tubes; tube++) {
            paintTube(side, ids[cells * cells * cells + tube], random, labels);
        }
        return new DenseLabelVolume(side, labels);
    }

    /** Every voxel takes the label of the nearest seed among the 27 grid cells around its own. */
    private static void fillFragments(int side, int cells, long[] ids, SplittableRandom random, long[] labels) {
        int[][] seeds = new int[cells * cells * cells][3];
        long[] cellLabels = new long[seeds.length];
        for (int c = 0; c < seeds.length; c++) {
            int[] cell = {c / (cells * cells), c / cells % cells, c % cells};
            for (int d = 0; d < 3; d++) {
                seeds[c][d] = cell[d] * FRAGMENT_SPACING + random.nextInt(FRAGMENT_SPACING);
            }
            cellLabels[c] = random.nextInt(BACKGROUND_ONE_IN) == 0 ? 0 : ids[c];
        }
        for (int z = 0; z < side; z++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int nearest = -1;
                    long best = Long.MAX_VALUE;
                    int cz = z / FRAGMENT_SPACING;
                    int cy = y / FRAGMENT_SPACING;
                    int cx = x / FRAGMENT_SPACING;
                    for (int nz = Math.max(0, cz - 1); nz <= Math.min(cells - 1, cz + 1); nz++) {
                        for (int ny = Math.max(0, cy - 1); ny <= Math.min(cells - 1, cy + 1); ny++) {
                            for (int nx = Math.max(0, cx - 1); nx <= Math.min(cells - 1, cx + 1); nx++) {
                                int[] seed = seeds[(nz * cells + ny) * cells + nx];
                                long distance = square(seed[0] - z) + square(seed[1] - y) + square(seed[2] - x);
                                if (distance < best) {
                                    best = distance;
                                    nearest = (nz * cells + ny) * cells + nx;
                                }
                            }
                        }
                    }
                    labels[(z * side + y) * side + x] = cellLabels[nearest];
                }
            }
        }
    }

    /** A persistent random walk from one face towards the others, painting a ball at every step. */
    private static void paintTube(int side, long label, SplittableRandom random, long[] labels) {
        int radius = random.nextInt(MIN_TUBE_RADIUS, MAX_TUBE_RADIUS + 1);
        double[] position = {random.nextDouble(side), random.nextDouble(side), random.nextDouble(side)};
        double[] direction = {random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
        for (int step = 0; step < 4 * side; step++) {
            paintBall(side, label, position, radius, labels);
            double length = 0;
            for (int d = 0; d < 3; d++) {
                direction[d] += random.nextDouble(-TURN, TURN);
                length += direction[d] * direction[d];
            }
            length = Math.sqrt(length);
            for (int d = 0; d < 3; d++) {
                direction[d] /= length;
                position[d] += direction[d];
                // Reflect off the faces, so a tube stays inside and keeps its length.
                if (position[d] < 0 || position[d] >= side) {
                    direction[d] = -direction[d];
                    position[d] = Math.max(0, Math.min(side - 1, position[d]));
                }
            }
        }
    }

    private static void paintBall(int side, long label, double[] centre, int radius, long[] labels) {
        int cz = (int) centre[0];
        int cy = (int) centre[1];
        int cx = (int) centre[2];
        for (int z = Math.max(0, cz - radius); z <= Math.min(side - 1, cz + radius); z++) {
            for (int y = Math.max(0, cy - radius); y <= Math.min(side - 1, cy + radius); y++) {
                for (int x = Math.max(0, cx - radius); x <= Math.min(side - 1, cx + radius); x++) {
                    if (square(z - cz) + square(y - cy) + square(x - cx) <= (long) radius * radius) {
                        labels[(z * side + y) * side + x] = label;
                    }
                }
            }
        }
    }

    private static long square(int value) {
        return (long) value * value;
    }

    public int side() {
        return side;
    }

    public long voxels() {
        return labels.length;
    }

    /**
     * The box {@code start .. start + size} (z, y, x) as a C-order array, clipped to the volume: a block, or a block
     * with its halo.
     */
    public long[] copy(int[] start, int[] size) {
        long[] box = new long[size[0] * size[1] * size[2]];
        int at = 0;
        for (int z = start[0]; z < start[0] + size[0]; z++) {
            for (int y = start[1]; y < start[1] + size[1]; y++) {
                System.arraycopy(labels, (z * side + y) * side + start[2], box, at, size[2]);
                at += size[2];
            }
        }
        return box;
    }
}
