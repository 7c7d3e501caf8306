package org.pocaduck.bench;

import java.util.ArrayList;
import java.util.List;
import org.pocaduck.BlockScanner;
import org.pocaduck.Ingestor;

/**
 * One block of a {@link DenseLabelVolume} copied out with a one-voxel halo (clipped to the volume), as
 * {@code pocaduck scan} hands blocks to the {@link BlockScanner}: the halo decides what is surface at the block's
 * faces, only the block's own voxels become points.
 */
record HaloBlock(String id, long[] labels, int[] shape, long[] offset, int[] regionStart, int[] regionShape) {

    /** The volume's blocks of {@code edge}³ voxels (the side must be a multiple of the edge), ids {@code bx_by_bz}. */
    static List<HaloBlock> cut(DenseLabelVolume volume, int edge) {
        int side = volume.side();
        if (side % edge != 0) {
            throw new IllegalArgumentException("a volume of side " + side + " does not split into blocks of " + edge);
        }
        List<HaloBlock> blocks = new ArrayList<>();
        int perAxis = side / edge;
        for (int bz = 0; bz < perAxis; bz++) {
            for (int by = 0; by < perAxis; by++) {
                for (int bx = 0; bx < perAxis; bx++) {
                    int[] block = {bz * edge, by * edge, bx * edge};
                    int[] start = new int[3];
                    int[] shape = new int[3];
                    int[] region = new int[3];
                    for (int axis = 0; axis < 3; axis++) {
                        start[axis] = Math.max(0, block[axis] - 1);
                        shape[axis] = Math.min(side, block[axis] + edge + 1) - start[axis];
                        region[axis] = block[axis] - start[axis];
                    }
                    blocks.add(new HaloBlock(bx + "_" + by + "_" + bz, volume.copy(start, shape), shape,
                            new long[] {start[0], start[1], start[2]}, region, new int[] {edge, edge, edge}));
                }
            }
        }
        return blocks;
    }

    BlockScanner.Summary scan(BlockScanner scanner, BlockScanner.PointSink sink) {
        return scanner.scan(labels, shape, offset, regionStart, regionShape, sink);
    }

    BlockScanner.Summary scan(BlockScanner scanner, Ingestor ingestor) {
        return scanner.scan(labels, shape, offset, regionStart, regionShape, id, ingestor);
    }
}
