package org.pocaduck.cli;

import java.util.function.Consumer;
import org.pocaduck.BlockScanner.AxisOrder;

/**
 * A volume cut into blocks of fixed edges, in memory order (axis 0 slowest); those at the far faces are cut short.
 * Blocks are visited in memory order too, so that consecutive blocks read neighbouring parts of the file.
 */
final class BlockGrid {

    /**
     * One block: what to read (the block, plus a one-voxel halo clipped to the volume when the surface is wanted),
     * and which part of what was read is the block itself.
     *
     * @param id {@code <bx>_<by>_<bz>}, the block's position in the grid along x, y and z
     */
    record Block(String id, int[] readStart, int[] readSize, int[] regionStart, int[] regionSize) {
        /** The volume coordinates of the first voxel read, per memory axis. */
        long[] offset() {
            return new long[] {readStart[0], readStart[1], readStart[2]};
        }
    }

    private final int[] shape;
    private final int[] edges;
    private final AxisOrder axes;
    private final boolean halo;
    private final int[] counts = new int[3];

    /**
     * @param shape the volume's size per memory axis
     * @param edges the block edge per memory axis
     * @param axes which memory axis holds x, y and z, for the block ids
     * @param halo whether to read a one-voxel halo around each block
     */
    BlockGrid(int[] shape, int[] edges, AxisOrder axes, boolean halo) {
        this.shape = shape.clone();
        this.edges = edges.clone();
        this.axes = axes;
        this.halo = halo;
        for (int axis = 0; axis < 3; axis++) {
            counts[axis] = (int) ((shape[axis] + (long) edges[axis] - 1) / edges[axis]);
        }
    }

    long blockCount() {
        return (long) counts[0] * counts[1] * counts[2];
    }

    void forEachBlock(Consumer<Block> visitor) {
        int[] index = new int[3];
        for (index[0] = 0; index[0] < counts[0]; index[0]++) {
            for (index[1] = 0; index[1] < counts[1]; index[1]++) {
                for (index[2] = 0; index[2] < counts[2]; index[2]++) {
                    visitor.accept(block(index));
                }
            }
        }
    }

    private Block block(int[] index) {
        int[] readStart = new int[3];
        int[] readSize = new int[3];
        int[] regionStart = new int[3];
        int[] regionSize = new int[3];
        int margin = halo ? 1 : 0;
        for (int axis = 0; axis < 3; axis++) {
            int start = (int) ((long) index[axis] * edges[axis]);
            int end = (int) Math.min(shape[axis], (long) start + edges[axis]);
            readStart[axis] = Math.max(0, start - margin);
            readSize[axis] = (int) Math.min(shape[axis], (long) end + margin) - readStart[axis];
            regionStart[axis] = start - readStart[axis];
            regionSize[axis] = end - start;
        }
        String id = index[axes.arrayAxis(0)] + "_" + index[axes.arrayAxis(1)] + "_" + index[axes.arrayAxis(2)];
        return new Block(id, readStart, readSize, regionStart, regionSize);
    }
}
