package org.pocaduck.cli;

import java.util.SplittableRandom;

/**
 * Traces one synthetic neuron: a tube of points around a persistent random walk that branches now and then from a
 * point it has already visited, so a big label looks like an arbor rather than a single strand. The walk reflects
 * off the faces of the cubic volume.
 */
final class NeuronTracer {
    /** How far the heading may turn per step: small enough that a branch keeps its course for tens of voxels. */
    private static final double TURN = 0.25;
    /** Points dropped per unit of walk: sets how thick the tube looks. */
    private static final int POINTS_PER_STEP = 4;

    private final SplittableRandom random;
    private final int side;
    private final double[] position = new double[3];
    private final double[] direction = new double[3];

    NeuronTracer(SplittableRandom random, int side) {
        this.random = random;
        this.side = side;
    }

    /** Writes {@code size} points into {@code x, y, z}, in {@code branches} branches after the first. */
    void trace(long[] x, long[] y, long[] z, int branches) {
        int size = x.length;
        int branchLength = Math.max(1, size / (branches + 1));
        double radius = 1 + Math.cbrt(size) / 40;
        for (int d = 0; d < 3; d++) {
            position[d] = random.nextDouble(side * 0.1, side * 0.9);
        }
        turnRandomly();
        for (int i = 0; i < size; i++) {
            if (i > 0 && i % branchLength == 0) {
                int from = random.nextInt(i);
                position[0] = x[from];
                position[1] = y[from];
                position[2] = z[from];
                turnRandomly();
            } else if (i % POINTS_PER_STEP == 0) {
                step();
            }
            x[i] = voxelNear(position[0], radius);
            y[i] = voxelNear(position[1], radius);
            z[i] = voxelNear(position[2], radius);
        }
    }

    private long voxelNear(double centre, double radius) {
        long voxel = Math.round(centre + random.nextDouble(-radius, radius));
        return Math.max(0, Math.min(side - 1, voxel));
    }

    private void turnRandomly() {
        for (int d = 0; d < 3; d++) {
            direction[d] = random.nextDouble(-1, 1);
        }
        normalize();
    }

    private void step() {
        for (int d = 0; d < 3; d++) {
            direction[d] += random.nextDouble(-TURN, TURN);
        }
        normalize();
        for (int d = 0; d < 3; d++) {
            position[d] += direction[d];
            if (position[d] < 0 || position[d] > side - 1) {
                direction[d] = -direction[d];
                position[d] = Math.max(0, Math.min(side - 1, position[d]));
            }
        }
    }

    private void normalize() {
        double length = Math.sqrt(direction[0] * direction[0] + direction[1] * direction[1]
                + direction[2] * direction[2]);
        if (length == 0) {
            direction[0] = 1;
            return;
        }
        for (int d = 0; d < 3; d++) {
            direction[d] /= length;
        }
    }
}
