package org.pocaduck.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.pocaduck.ColumnType;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;

/**
 * A deterministic synthetic label volume, already cut into the chunks a blockwise scan would write: a cube of
 * {@link #SIDE}³ voxels in blocks of {@link #BLOCK_SIZE}³, holding a few big branching neurons that cross many blocks
 * and many small fragments. A third of the labels are ≥ 2^63, so they only survive as true uint64.
 */
final class SyntheticVolume {
    static final int BLOCK_SIZE = 64;
    static final int BLOCKS_PER_SIDE = 16;
    static final int SIDE = BLOCK_SIZE * BLOCKS_PER_SIDE;
    static final PointSchema SCHEMA = PointSchema.of(ColumnType.INT64, "x", "y", "z");

    private static final int BIG_LABELS = 4;
    /** Share of all points held by each big label. */
    private static final double BIG_LABEL_SHARE = 0.12;
    private static final int SMALLEST_FRAGMENT = 20;
    private static final int LARGEST_FRAGMENT = 1_500;

    /** The points of one label inside one block. */
    record Chunk(long label, PointCloud points) {
    }

    /** One block of the scan, with id {@code bx_by_bz}, and every label's points inside it. */
    record Block(String id, List<Chunk> chunks) {
    }

    private final List<Block> blocks;
    private final long[] labels;

    private SyntheticVolume(List<Block> blocks, long[] labels) {
        this.blocks = blocks;
        this.labels = labels;
    }

    /** Generates exactly {@code totalPoints} points (at least 4); the same seed gives the same volume. */
    static SyntheticVolume generate(int totalPoints, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] sizes = labelSizes(totalPoints, random);
        long[] labels = distinctLabels(sizes.length, random);
        @SuppressWarnings("unchecked")
        List<Chunk>[] chunksByBlock = new List[BLOCKS_PER_SIDE * BLOCKS_PER_SIDE * BLOCKS_PER_SIDE];
        NeuronTracer tracer = new NeuronTracer(random, SIDE);
        for (int i = 0; i < sizes.length; i++) {
            long[] x = new long[sizes[i]];
            long[] y = new long[sizes[i]];
            long[] z = new long[sizes[i]];
            tracer.trace(x, y, z, i < BIG_LABELS ? 24 : 0);
            cutIntoBlocks(labels[i], x, y, z, chunksByBlock);
        }
        List<Block> blocks = new ArrayList<>();
        for (int key = 0; key < chunksByBlock.length; key++) {
            if (chunksByBlock[key] != null) {
                blocks.add(new Block(blockId(key), chunksByBlock[key]));
            }
        }
        return new SyntheticVolume(List.copyOf(blocks), labels);
    }

    List<Block> blocks() {
        return blocks;
    }

    long[] labels() {
        return labels.clone();
    }

    /** A few big labels with a fixed share each; the rest in fragments of log-uniform size, the last one trimmed. */
    private static int[] labelSizes(int totalPoints, SplittableRandom random) {
        List<Integer> sizes = new ArrayList<>();
        int remaining = totalPoints;
        for (int i = 0; i < BIG_LABELS; i++) {
            int size = Math.max(1, (int) (totalPoints * BIG_LABEL_SHARE));
            sizes.add(size);
            remaining -= size;
        }
        double logRange = Math.log((double) LARGEST_FRAGMENT / SMALLEST_FRAGMENT);
        while (remaining > 0) {
            int size = (int) Math.round(SMALLEST_FRAGMENT * Math.exp(random.nextDouble() * logRange));
            size = Math.min(size, remaining);
            sizes.add(size);
            remaining -= size;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long[] distinctLabels(int count, SplittableRandom random) {
        Set<Long> seen = new HashSet<>();
        long[] labels = new long[count];
        for (int i = 0; i < count; ) {
            long label = random.nextLong(1, 1L << 40);
            if (i % 3 == 1) {
                label |= Long.MIN_VALUE;
            }
            if (seen.add(label)) {
                labels[i++] = label;
            }
        }
        return labels;
    }

    /** Groups one label's points by block, in one sort of (block key, point index) packed into longs. */
    private static void cutIntoBlocks(long label, long[] x, long[] y, long[] z, List<Chunk>[] chunksByBlock) {
        long[] keyed = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            keyed[i] = (long) blockKey(x[i], y[i], z[i]) << 32 | i;
        }
        Arrays.sort(keyed);
        int start = 0;
        while (start < keyed.length) {
            int key = (int) (keyed[start] >>> 32);
            int end = start;
            while (end < keyed.length && (int) (keyed[end] >>> 32) == key) {
                end++;
            }
            long[] bx = new long[end - start];
            long[] by = new long[end - start];
            long[] bz = new long[end - start];
            for (int j = start; j < end; j++) {
                int point = (int) keyed[j];
                bx[j - start] = x[point];
                by[j - start] = y[point];
                bz[j - start] = z[point];
            }
            if (chunksByBlock[key] == null) {
                chunksByBlock[key] = new ArrayList<>();
            }
            chunksByBlock[key].add(new Chunk(label, PointCloud.ofColumns(SCHEMA, bx, by, bz)));
            start = end;
        }
    }

    private static int blockKey(long x, long y, long z) {
        return (int) (x / BLOCK_SIZE + BLOCKS_PER_SIDE * (y / BLOCK_SIZE + BLOCKS_PER_SIDE * (z / BLOCK_SIZE)));
    }

    private static String blockId(int key) {
        int bx = key % BLOCKS_PER_SIDE;
        int by = key / BLOCKS_PER_SIDE % BLOCKS_PER_SIDE;
        int bz = key / (BLOCKS_PER_SIDE * BLOCKS_PER_SIDE);
        return bx + "_" + by + "_" + bz;
    }
}
