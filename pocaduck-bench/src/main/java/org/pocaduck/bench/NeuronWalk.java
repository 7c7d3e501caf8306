package org.pocaduck.bench;

import java.util.SplittableRandom;

/**
 * Traces one label as a tube along a persistent random walk: the walk's direction drifts slowly, and every step
 * drops a few points around the walk's centre. Larger labels are thicker (more points per step), so a giant spans
 * hundreds of blocks while a small fragment stays within one or two. The walk reflects off the volume's faces.
 */
final class NeuronWalk {
    private static final int MAX_POINTS_PER_STEP = 32;
    /** How far the direction may turn per step; about 1/TURN^2 steps before the walk forgets its heading. */
    private static final double TURN = 0.3;

    private final SplittableRandom random;
    private final int side;
    private final double[] position = new double[3];
    private final double[] direction = new double[3];

    NeuronWalk(SplittableRandom random, int side) {
        this.random = random;
        this.side = side;
    }

    /** Writes {@code size} points of one label into {@code coordinates[0..2]} from {@code offset} on. */
    void trace(int size, long[][] coordinates, int offset) {
        int pointsPerStep = pointsPerStep(size);
        int radius = 1 + pointsPerStep / 4;
        for (int d = 0; d < 3; d++) {
            position[d] = random.nextDouble(radius, side - radius);
            direction[d] = random.nextDouble(-1, 1);
        }
        normalizeDirection();
        for (int i = 0; i < size; i++) {
            if (i > 0 && i % pointsPerStep == 0) {
                step();
            }
            for (int d = 0; d < 3; d++) {
                long voxel = Math.round(position[d]) + random.nextInt(-radius, radius + 1);
                coordinates[d][offset + i] = Math.max(0, Math.min(side - 1, voxel));
            }
        }
    }

    /** Points dropped per step of the walk for a label of {@code size} points: larger labels are thicker. */
    static int pointsPerStep(int size) {
        return Math.max(1, Math.min(MAX_POINTS_PER_STEP, (int) Math.cbrt(size)));
    }

    private void step() {
        for (int d = 0; d < 3; d++) {
            direction[d] += random.nextDouble(-TURN, TURN);
        }
        normalizeDirection();
        for (int d = 0; d < 3; d++) {
            position[d] += direction[d];
            if (position[d] < 0 || position[d] > side - 1) {
                direction[d] = -direction[d];
                position[d] = Math.max(0, Math.min(side - 1, position[d]));
            }
        }
    }

    private void normalizeDirection() {
        double length = Math.sqrt(direction[0] * direction[0] + direction[1] * direction[1]
                + direction[2] * direction[2]);
        if (length < 1e-9) {
            direction[0] = 1;
            length = 1;
        }
        for (int d = 0; d < 3; d++) {
            direction[d] /= length;
        }
    }
}
