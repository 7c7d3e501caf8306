package org.pocaduck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.pocaduck.ColumnType;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;

/**
 * A deterministic stand-in for the blockwise scan of a segmented brain volume.
 *
 * <p>Labelled objects are random walks ("neurons") through a cube of voxels cut into {@value #BLOCK_EDGE}-voxel
 * blocks: a few giant labels hold most of the points and cross hundreds of blocks, most labels are fragments of
 * tens of points in one or two blocks, and some label ids are at or above 2^63 (negative as a Java {@code long}).
 * Points are int64 voxel coordinates; neighbouring points of a label lie close together, as in a real scan.
 *
 * <p>The points are organised the way a scan emits them: block by block, and within a block one <em>chunk</em>
 * (a label's points inside that block) after another. Everything lives in a few primitive arrays, so 10^7 points
 * take about 300 MB. The same (total points, seed) always gives the same volume.
 */
public final class SyntheticVolume {
    /** Edge of one cubic scan block, in voxels. */
    public static final int BLOCK_EDGE = 64;
    /** The schema of every point: int64 x, y, z voxel coordinates. */
    public static final PointSchema SCHEMA = PointSchema.of(ColumnType.INT64, "x", "y", "z");
    /** Average points per block; it sets how many blocks the volume has for a given point count. */
    private static final int MEAN_POINTS_PER_BLOCK = 2_500;

    private final int blocksPerAxis;
    /** Coordinates of every point, ordered by block, then by chunk. */
    private final long[] x;
    private final long[] y;
    private final long[] z;
    /** The chunks of block b are [blockFirstChunk[b], blockFirstChunk[b + 1]). */
    private final int[] blockFirstChunk;
    /** The points of chunk c are [chunkFirstPoint[c], chunkFirstPoint[c + 1]). */
    private final int[] chunkFirstPoint;
    private final int[] chunkLabelIndex;
    private final int[] chunkBlock;
    private final long[] labels;
    private final int[] labelSizes;
    /** Chunk numbers grouped by label: label i's chunks are labelChunks[labelFirstChunk[i] .. labelFirstChunk[i + 1]). */
    private final int[] labelChunks;
    private final int[] labelFirstChunk;

    private SyntheticVolume(int blocksPerAxis, long[][] coordinates, int[] blockFirstChunk, int[] chunkFirstPoint,
            int[] chunkLabelIndex, int[] chunkBlock, long[] labels, int[] labelSizes) {
        this.blocksPerAxis = blocksPerAxis;
        this.x = coordinates[0];
        this.y = coordinates[1];
        this.z = coordinates[2];
        this.blockFirstChunk = blockFirstChunk;
        this.chunkFirstPoint = chunkFirstPoint;
        this.chunkLabelIndex = chunkLabelIndex;
        this.chunkBlock = chunkBlock;
        this.labels = labels;
        this.labelSizes = labelSizes;
        this.labelFirstChunk = new int[labels.length + 1];
        this.labelChunks = groupChunksByLabel(chunkLabelIndex, labelFirstChunk);
    }

    /**
     * Generates a volume of exactly {@code totalPoints} points (at least 1,000). The five largest labels take 40% of
     * the points; the rest follow a heavy-tailed size distribution (see {@link LabelSizes}).
     */
    public static SyntheticVolume generate(long totalPoints, long seed) {
        if (totalPoints < 1_000 || totalPoints > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("totalPoints is " + totalPoints + "; expected 1000 to "
                    + (Integer.MAX_VALUE - 8));
        }
        int total = (int) totalPoints;
        SplittableRandom random = new SplittableRandom(seed);
        int[] sizes = LabelSizes.draw(total, random);
        long[] labels = LabelIds.draw(sizes.length, random);
        int blocksPerAxis = Math.max(2, (int) Math.round(Math.cbrt((double) total / MEAN_POINTS_PER_BLOCK)));

        long[][] coordinates = {new long[total], new long[total], new long[total]};
        int[] labelOfPoint = new int[total];
        NeuronWalk walk = new NeuronWalk(random, blocksPerAxis * BLOCK_EDGE);
        int offset = 0;
        for (int label = 0; label < sizes.length; label++) {
            walk.trace(sizes[label], coordinates, offset);
            Arrays.fill(labelOfPoint, offset, offset + sizes[label], label);
            offset += sizes[label];
        }
        return groupByBlock(blocksPerAxis, coordinates, labelOfPoint, labels, sizes);
    }

    /**
     * Reorders the points block by block with a stable counting sort. A label's points are contiguous before the
     * sort, so after it each (block, label) pair, a chunk, is a contiguous run.
     */
    private static SyntheticVolume groupByBlock(int blocksPerAxis, long[][] coordinates, int[] labelOfPoint,
            long[] labels, int[] sizes) {
        int total = labelOfPoint.length;
        int blockCount = blocksPerAxis * blocksPerAxis * blocksPerAxis;
        int[] blockOfPoint = new int[total];
        int[] blockStart = new int[blockCount + 1];
        for (int i = 0; i < total; i++) {
            blockOfPoint[i] = blockIndex(blocksPerAxis, coordinates[0][i], coordinates[1][i], coordinates[2][i]);
            blockStart[blockOfPoint[i] + 1]++;
        }
        for (int b = 0; b < blockCount; b++) {
            blockStart[b + 1] += blockStart[b];
        }
        int[] order = new int[total];
        int[] next = Arrays.copyOf(blockStart, blockCount);
        for (int i = 0; i < total; i++) {
            order[next[blockOfPoint[i]]++] = i;
        }
        for (int d = 0; d < coordinates.length; d++) {
            coordinates[d] = permute(coordinates[d], order);
        }

        int chunkCount = 0;
        for (int i = 0; i < total; i++) {
            if (startsChunk(i, order, labelOfPoint, blockOfPoint)) {
                chunkCount++;
            }
        }
        int[] chunkFirstPoint = new int[chunkCount + 1];
        int[] chunkLabelIndex = new int[chunkCount];
        int[] chunkBlock = new int[chunkCount];
        int[] blockFirstChunk = new int[blockCount + 1];
        int chunk = -1;
        for (int i = 0; i < total; i++) {
            if (startsChunk(i, order, labelOfPoint, blockOfPoint)) {
                chunk++;
                chunkFirstPoint[chunk] = i;
                chunkLabelIndex[chunk] = labelOfPoint[order[i]];
                chunkBlock[chunk] = blockOfPoint[order[i]];
                blockFirstChunk[chunkBlock[chunk] + 1]++;
            }
        }
        chunkFirstPoint[chunkCount] = total;
        for (int b = 0; b < blockCount; b++) {
            blockFirstChunk[b + 1] += blockFirstChunk[b];
        }
        return new SyntheticVolume(blocksPerAxis, coordinates, blockFirstChunk, chunkFirstPoint, chunkLabelIndex,
                chunkBlock, labels, sizes);
    }

    private static boolean startsChunk(int i, int[] order, int[] labelOfPoint, int[] blockOfPoint) {
        return i == 0 || labelOfPoint[order[i]] != labelOfPoint[order[i - 1]]
                || blockOfPoint[order[i]] != blockOfPoint[order[i - 1]];
    }

    private static int blockIndex(int blocksPerAxis, long x, long y, long z) {
        return (int) (((z / BLOCK_EDGE) * blocksPerAxis + y / BLOCK_EDGE) * blocksPerAxis + x / BLOCK_EDGE);
    }

    private static long[] permute(long[] values, int[] order) {
        long[] permuted = new long[values.length];
        for (int i = 0; i < order.length; i++) {
            permuted[i] = values[order[i]];
        }
        return permuted;
    }

    private static int[] groupChunksByLabel(int[] chunkLabelIndex, int[] labelFirstChunk) {
        for (int label : chunkLabelIndex) {
            labelFirstChunk[label + 1]++;
        }
        for (int i = 0; i + 1 < labelFirstChunk.length; i++) {
            labelFirstChunk[i + 1] += labelFirstChunk[i];
        }
        int[] next = Arrays.copyOf(labelFirstChunk, labelFirstChunk.length - 1);
        int[] grouped = new int[chunkLabelIndex.length];
        for (int c = 0; c < chunkLabelIndex.length; c++) {
            grouped[next[chunkLabelIndex[c]]++] = c;
        }
        return grouped;
    }

    public int pointCount() {
        return x.length;
    }

    public int blocksPerAxis() {
        return blocksPerAxis;
    }

    /** Blocks in the scan grid, including empty ones (a scan writes nothing for those). */
    public int blockCount() {
        return blockFirstChunk.length - 1;
    }

    /** The block's id as a scan names it, from its grid coordinates: {@code "<bx>_<by>_<bz>"}. */
    public String blockId(int block) {
        int bx = block % blocksPerAxis;
        int by = block / blocksPerAxis % blocksPerAxis;
        int bz = block / blocksPerAxis / blocksPerAxis;
        return bx + "_" + by + "_" + bz;
    }

    /** First chunk of the block; its chunks are {@code firstChunkOf(b)} until {@code firstChunkOf(b + 1)}. */
    public int firstChunkOf(int block) {
        return blockFirstChunk[block];
    }

    public int chunkCount() {
        return chunkLabelIndex.length;
    }

    public long chunkLabel(int chunk) {
        return labels[chunkLabelIndex[chunk]];
    }

    public int chunkBlock(int chunk) {
        return chunkBlock[chunk];
    }

    public int chunkSize(int chunk) {
        return chunkFirstPoint[chunk + 1] - chunkFirstPoint[chunk];
    }

    /** The chunk's points as a new N×3 row-major array. */
    public long[][] chunkRows(int chunk) {
        int first = chunkFirstPoint[chunk];
        long[][] rows = new long[chunkSize(chunk)][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new long[] {x[first + i], y[first + i], z[first + i]};
        }
        return rows;
    }

    /** The chunk's points as a new columnar cloud of {@link #SCHEMA}. */
    public PointCloud chunkColumns(int chunk) {
        int from = chunkFirstPoint[chunk];
        int to = chunkFirstPoint[chunk + 1];
        return PointCloud.ofColumns(SCHEMA, Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to),
                Arrays.copyOfRange(z, from, to));
    }

    public int labelCount() {
        return labels.length;
    }

    /** The label id at a label index (0 to {@link #labelCount()} - 1); indices 0 to 4 are the five largest labels. */
    public long label(int labelIndex) {
        return labels[labelIndex];
    }

    public int labelSize(int labelIndex) {
        return labelSizes[labelIndex];
    }

    /** Blocks that hold points of the label, as a query should list them. */
    public List<String> blocksOfLabel(int labelIndex) {
        List<String> blocks = new ArrayList<>();
        for (int i = labelFirstChunk[labelIndex]; i < labelFirstChunk[labelIndex + 1]; i++) {
            blocks.add(blockId(chunkBlock[labelChunks[i]]));
        }
        return blocks;
    }

    /** Every point of the label as a new N×3 row-major array, in block order. */
    public long[][] labelRows(int labelIndex) {
        long[][] rows = new long[labelSizes[labelIndex]][];
        int row = 0;
        for (int i = labelFirstChunk[labelIndex]; i < labelFirstChunk[labelIndex + 1]; i++) {
            int chunk = labelChunks[i];
            for (int p = chunkFirstPoint[chunk]; p < chunkFirstPoint[chunk + 1]; p++) {
                rows[row++] = new long[] {x[p], y[p], z[p]};
            }
        }
        return rows;
    }
}
