package org.pocaduck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import org.pocaduck.Ingestor;
import org.pocaduck.PointCloud;

/**
 * A synthetic blockwise scan of any size up to billions of points, generated one chunk at a time: only a table of
 * labels and of chunks ((label, block) pairs with their point counts) is kept, so memory grows with the labels, not
 * with the points. A chunk's points are a function of (seed, label, block), drawn again whenever they are needed.
 *
 * <p>The shape follows {@link SyntheticVolume}: {@value #BLOCK_EDGE}³-voxel blocks of about 2,500 points each, label
 * sizes from {@link LabelSizes#drawBounded} (giants of up to {@value #MAX_LABEL_POINTS} points crossing thousands of
 * blocks, most labels tens of points in one or two blocks), ids from {@link LabelIds} (some at or above 2^63). A label
 * walks from block to neighbouring block, one block per {@value #BLOCK_EDGE} voxels of its {@link NeuronWalk} tube,
 * and in each block it visits its points follow a {@link NeuronWalk} inside that block.
 *
 * <p>Besides the main cube of blocks, the scan has an <em>extension</em>: a slab of new blocks on top of the cube
 * holding 1% as many points, written by one more worker after the main scan is consolidated. One in eight of its
 * labels continues a label of the main cube, the others are new.
 *
 * <p>For verification every label keeps its point count and the sum of {@link PointChecksum#of} over its points,
 * computed when the volume is generated; {@link #blocksOf} lists a label's blocks from the chunk table.
 */
final class ScaleVolume {
    static final int BLOCK_EDGE = SyntheticVolume.BLOCK_EDGE;
    /** The largest label; its points (24 bytes each as int64 x, y, z) must fit in a reader's heap. */
    static final int MAX_LABEL_POINTS = 10_000_000;
    static final long MIN_POINTS = 10_000;
    /** Beyond this the label and chunk tables would outgrow int indices. */
    static final long MAX_POINTS = 10_000_000_000L;
    private static final int MEAN_POINTS_PER_BLOCK = 2_500;
    private static final int TAIL_CAP = 1_000_000;
    private static final int TAIL_CAP_DIVISOR = 50;
    private static final int EXTENSION_DIVISOR = 100;
    private static final int SHARED_ONE_IN = 8;
    /** How often the walk from block to block keeps its direction: a neuron runs on rather than circling. */
    private static final double KEEP_DIRECTION = 0.75;
    private static final long EXTENSION_STREAM = 0x5ca1ab1eL;

    private final long seed;
    private final int blocksPerAxis;
    private final int mainBlocks;
    private final int extensionBlocks;
    private final long mainPoints;
    private final long extensionPoints;
    private final int mainLabels;
    private final int extensionLabels;
    private final long[] labels;
    private final int[] labelSizes;
    private final AtomicLongArray checksums;
    /** The chunks of block b are [blockFirstChunk[b], blockFirstChunk[b + 1]); extension blocks follow the main ones. */
    private final int[] blockFirstChunk;
    private final int[] chunkLabelIndex;
    private final int[] chunkSize;

    private ScaleVolume(long seed, int blocksPerAxis, int extensionBlocks, long mainPoints, long extensionPoints,
            int mainLabels, long[] labels, int[] labelSizes, Chunks chunks) {
        this.seed = seed;
        this.blocksPerAxis = blocksPerAxis;
        this.mainBlocks = blocksPerAxis * blocksPerAxis * blocksPerAxis;
        this.extensionBlocks = extensionBlocks;
        this.mainPoints = mainPoints;
        this.extensionPoints = extensionPoints;
        this.mainLabels = mainLabels;
        this.labels = labels;
        this.labelSizes = labelSizes;
        this.checksums = new AtomicLongArray(labels.length);
        this.blockFirstChunk = new int[mainBlocks + extensionBlocks + 1];
        this.chunkLabelIndex = new int[chunks.count];
        this.chunkSize = new int[chunks.count];
        chunks.groupByBlock(blockFirstChunk, chunkLabelIndex, chunkSize);
        BitSet inExtension = new BitSet(labels.length);
        for (int c = blockFirstChunk[mainBlocks]; c < chunkLabelIndex.length; c++) {
            inExtension.set(chunkLabelIndex[c]);
        }
        this.extensionLabels = inExtension.cardinality();
    }

    /**
     * Generates the tables of a volume of {@code points} points in the main cube (at least 10,000) and 1% more in
     * the extension, and sums every label's point checksums, drawing each chunk once (on all cores).
     */
    static ScaleVolume generate(long points, long seed) {
        checkPoints("points", points);
        SplittableRandom random = new SplittableRandom(seed);
        int blocksPerAxis = Math.max(2, (int) Math.round(Math.cbrt((double) points / MEAN_POINTS_PER_BLOCK)));
        long mainBlockCount = (long) blocksPerAxis * blocksPerAxis * blocksPerAxis;
        int extensionRows = (int) Math.min(blocksPerAxis, Math.max(1,
                (mainBlockCount / EXTENSION_DIVISOR + blocksPerAxis - 1) / blocksPerAxis));
        long extensionPoints = points / EXTENSION_DIVISOR;

        int[] mainSizes = LabelSizes.drawBounded(points, MAX_LABEL_POINTS, tailCap(points), random);
        int[] extensionSizes = LabelSizes.drawTail(extensionPoints, tailCap(extensionPoints), random);
        // Extension labels: a shared one continues a random main label, a new one gets the next index.
        int[] extensionLabel = new int[extensionSizes.length];
        int labelCount = mainSizes.length;
        for (int i = 0; i < extensionSizes.length; i++) {
            extensionLabel[i] = random.nextInt(SHARED_ONE_IN) == 0 ? random.nextInt(mainSizes.length) : labelCount++;
        }
        long[] ids = LabelIds.draw(labelCount, random);
        int[] sizes = Arrays.copyOf(mainSizes, labelCount);
        for (int i = 0; i < extensionSizes.length; i++) {
            sizes[extensionLabel[i]] += extensionSizes[i];
        }

        Chunks chunks = new Chunks(labelCount);
        BlockWalk main = new BlockWalk(blocksPerAxis, blocksPerAxis, blocksPerAxis, 0);
        for (int label = 0; label < mainSizes.length; label++) {
            main.walk(label, mainSizes[label], new SplittableRandom(PointChecksum.mix(seed + label)), chunks);
        }
        BlockWalk extension = new BlockWalk(blocksPerAxis, extensionRows, 1, blocksPerAxis);
        for (int i = 0; i < extensionSizes.length; i++) {
            extension.walk(extensionLabel[i], extensionSizes[i],
                    new SplittableRandom(PointChecksum.mix(seed ^ EXTENSION_STREAM) + i), chunks);
        }
        ScaleVolume volume = new ScaleVolume(seed, blocksPerAxis, blocksPerAxis * extensionRows, points,
                extensionPoints, mainSizes.length, ids, sizes, chunks);
        volume.sumChecksums();
        return volume;
    }

    /** Rejects a point count the generator cannot make: the message names {@code what} and the range. */
    static void checkPoints(String what, long points) {
        if (points < MIN_POINTS || points > MAX_POINTS) {
            throw new IllegalArgumentException(what + " is " + points + "; expected " + MIN_POINTS + " to "
                    + MAX_POINTS);
        }
    }

    /** As in {@link LabelSizes#draw}, no tail label takes more than 2% of the points, nor more than a million. */
    private static int tailCap(long points) {
        return (int) Math.min(TAIL_CAP, points / TAIL_CAP_DIVISOR);
    }

    private void sumChecksums() {
        IntStream.range(0, blockCount()).parallel().forEach(block -> {
            for (int c = blockFirstChunk[block]; c < blockFirstChunk[block + 1]; c++) {
                checksums.addAndGet(chunkLabelIndex[c], PointChecksum.of(chunkPoints(block, c)));
            }
        });
    }

    /** The points of one chunk, drawn from (seed, label, block): the same every time. */
    PointCloud chunkPoints(int block, int chunk) {
        int label = chunkLabelIndex[chunk];
        int count = chunkSize[chunk];
        long[][] coordinates = {new long[count], new long[count], new long[count]};
        SplittableRandom random = new SplittableRandom(PointChecksum.mix(PointChecksum.mix(seed + label) + block));
        new NeuronWalk(random, BLOCK_EDGE).trace(count, coordinates, 0);
        long[] origin = {(long) blockX(block) * BLOCK_EDGE, (long) blockY(block) * BLOCK_EDGE,
                (long) blockZ(block) * BLOCK_EDGE};
        for (int d = 0; d < 3; d++) {
            for (int i = 0; i < count; i++) {
                coordinates[d][i] += origin[d];
            }
        }
        return PointCloud.ofColumns(SyntheticVolume.SCHEMA, coordinates[0], coordinates[1], coordinates[2]);
    }

    /** The main cube's blocks, for the first workers. */
    BlockSource mainScan() {
        return scanOf(0, mainBlocks);
    }

    /** The extension's blocks, for the worker that comes later. */
    BlockSource extensionScan() {
        return scanOf(mainBlocks, extensionBlocks);
    }

    private BlockSource scanOf(int firstBlock, int blocks) {
        return new BlockSource() {
            @Override
            public int blockCount() {
                return blocks;
            }

            @Override
            public void writeBlock(Ingestor ingestor, int block) {
                int b = firstBlock + block;
                String blockId = blockId(b);
                for (int c = blockFirstChunk[b]; c < blockFirstChunk[b + 1]; c++) {
                    ingestor.write(labels[chunkLabelIndex[c]], blockId, chunkPoints(b, c));
                }
            }
        };
    }

    /** The block's id as a scan names it, {@code "<bx>_<by>_<bz>"}; extension blocks have bz = blocksPerAxis. */
    String blockId(int block) {
        return blockX(block) + "_" + blockY(block) + "_" + blockZ(block);
    }

    private int blockX(int block) {
        return block % blocksPerAxis;
    }

    private int blockY(int block) {
        return block / blocksPerAxis % blocksPerAxis;
    }

    private int blockZ(int block) {
        return block / blocksPerAxis / blocksPerAxis;
    }

    /**
     * The sorted block ids of each of the given labels (label indices), in one pass over the chunk table. Duplicates
     * are collapsed: two extension labels may continue the same main label into the same block.
     */
    List<List<String>> blocksOf(int[] labelIndices) {
        int[] sorted = labelIndices.clone();
        Arrays.sort(sorted);
        List<List<String>> found = new ArrayList<>();
        for (int i = 0; i < sorted.length; i++) {
            found.add(new ArrayList<>());
        }
        for (int block = 0; block < blockCount(); block++) {
            for (int c = blockFirstChunk[block]; c < blockFirstChunk[block + 1]; c++) {
                int at = Arrays.binarySearch(sorted, chunkLabelIndex[c]);
                if (at >= 0) {
                    found.get(at).add(blockId(block));
                }
            }
        }
        List<List<String>> result = new ArrayList<>();
        for (int label : labelIndices) {
            result.add(found.get(Arrays.binarySearch(sorted, label)).stream().distinct().sorted().toList());
        }
        return result;
    }

    /** Up to {@code count} distinct label indices drawn uniformly from those whose size lies in the stratum. */
    int[] sampleLabels(SizeStratum stratum, int count, SplittableRandom random) {
        int[] sample = new int[count];
        long seen = 0;
        for (int i = 0; i < labels.length; i++) {
            if (stratum.contains(labelSizes[i])) {
                // Reservoir sampling: the i-th member replaces a kept one with probability count / seen.
                long slot = seen < count ? seen : random.nextLong(seen + 1);
                if (slot < count) {
                    sample[(int) slot] = i;
                }
                seen++;
            }
        }
        return Arrays.copyOf(sample, (int) Math.min(count, seen));
    }

    /** The index of the label with the most points. */
    int largestLabel() {
        int largest = 0;
        for (int i = 1; i < labelSizes.length; i++) {
            largest = labelSizes[i] > labelSizes[largest] ? i : largest;
        }
        return largest;
    }

    long mainPoints() {
        return mainPoints;
    }

    long extensionPoints() {
        return extensionPoints;
    }

    long totalPoints() {
        return mainPoints + extensionPoints;
    }

    /** Labels with points in the main cube (the extension's new labels come after them). */
    int mainLabelCount() {
        return mainLabels;
    }

    /** Distinct labels with points in the extension, new ones and those that continue a main label. */
    int extensionLabelCount() {
        return extensionLabels;
    }

    int labelCount() {
        return labels.length;
    }

    long label(int labelIndex) {
        return labels[labelIndex];
    }

    /** The label's points in the main cube and the extension together. */
    int labelSize(int labelIndex) {
        return labelSizes[labelIndex];
    }

    long labelChecksum(int labelIndex) {
        return checksums.get(labelIndex);
    }

    int blocksPerAxis() {
        return blocksPerAxis;
    }

    int mainBlockCount() {
        return mainBlocks;
    }

    int extensionBlockCount() {
        return extensionBlocks;
    }

    int blockCount() {
        return mainBlocks + extensionBlocks;
    }

    int chunkCount() {
        return chunkSize.length;
    }

    /** Bytes of the tables this volume keeps: what generating it costs in memory, whatever the points. */
    long tableBytes() {
        return 8L * labels.length * 2 + 4L * labels.length + 4L * blockFirstChunk.length + 8L * chunkSize.length;
    }

    /**
     * A label's walk over the blocks of one box of the grid: rows {@code [0, rows)} of {@code y}, layers
     * {@code [firstLayer, firstLayer + layers)} of {@code z}, all of {@code x}.
     */
    private record BlockWalk(int blocksPerAxis, int rows, int layers, int firstLayer) {
        /**
         * Visits one block per {@value #BLOCK_EDGE} voxels of the label's tube (at least one, at most one per point),
         * moving to a neighbouring block between visits, spreads the label's points evenly over the visits and
         * records one chunk per distinct block.
         */
        void walk(int label, int size, SplittableRandom random, Chunks chunks) {
            double tubeLength = (double) size / NeuronWalk.pointsPerStep(size);
            int visits = (int) Math.min(size, 1 + (long) Math.floor(tubeLength / BLOCK_EDGE + random.nextDouble()));
            int[] position = {random.nextInt(blocksPerAxis), random.nextInt(rows), random.nextInt(layers)};
            int[] bounds = {blocksPerAxis, rows, layers};
            int axis = random.nextInt(3);
            int step = random.nextBoolean() ? 1 : -1;
            long[] blockAndCount = new long[visits];
            for (int v = 0; v < visits; v++) {
                int count = size / visits + (v < size % visits ? 1 : 0);
                int block = ((firstLayer + position[2]) * blocksPerAxis + position[1]) * blocksPerAxis + position[0];
                blockAndCount[v] = (long) block << 32 | count;
                if (random.nextDouble() >= KEEP_DIRECTION) {
                    axis = random.nextInt(3);
                    step = random.nextBoolean() ? 1 : -1;
                }
                if (position[axis] + step < 0 || position[axis] + step >= bounds[axis]) {
                    step = -step;
                }
                position[axis] = Math.max(0, Math.min(bounds[axis] - 1, position[axis] + step));
            }
            Arrays.sort(blockAndCount);
            for (int v = 0; v < visits; ) {
                int block = (int) (blockAndCount[v] >>> 32);
                int count = 0;
                for (; v < visits && (int) (blockAndCount[v] >>> 32) == block; v++) {
                    count += (int) blockAndCount[v];
                }
                chunks.add(label, block, count);
            }
        }
    }

    /** The chunks as the walks produce them, label after label, until they are grouped by block. */
    private static final class Chunks {
        private int count;
        private int[] label;
        private int[] block;
        private int[] size;

        Chunks(int expected) {
            int capacity = Math.max(1024, expected + expected / 2);
            label = new int[capacity];
            block = new int[capacity];
            size = new int[capacity];
        }

        void add(int labelIndex, int blockIndex, int points) {
            if (count == size.length) {
                int capacity = count + count / 2;
                label = Arrays.copyOf(label, capacity);
                block = Arrays.copyOf(block, capacity);
                size = Arrays.copyOf(size, capacity);
            }
            label[count] = labelIndex;
            block[count] = blockIndex;
            size[count++] = points;
        }

        /** A stable counting sort by block: within a block, chunks stay in label order. */
        void groupByBlock(int[] blockFirstChunk, int[] labelOut, int[] sizeOut) {
            for (int c = 0; c < count; c++) {
                blockFirstChunk[block[c] + 1]++;
            }
            for (int b = 0; b + 1 < blockFirstChunk.length; b++) {
                blockFirstChunk[b + 1] += blockFirstChunk[b];
            }
            int[] next = Arrays.copyOf(blockFirstChunk, blockFirstChunk.length - 1);
            for (int c = 0; c < count; c++) {
                int at = next[block[c]]++;
                labelOut[at] = label[c];
                sizeOut[at] = size[c];
            }
        }
    }
}
