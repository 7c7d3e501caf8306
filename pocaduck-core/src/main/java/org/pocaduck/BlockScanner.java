package org.pocaduck;

import java.util.Arrays;
import java.util.Objects;
import org.pocaduck.internal.scan.LabelSlots;

/**
 * Turns one dense 3D block of uint64 labels into the points of every label in it: all of its voxels, or only those on
 * a label's surface, optionally on a coarser grid. One {@link Ingestor#write} per label per block, with int64
 * x, y, z columns in volume coordinates.
 *
 * <pre>{@code
 * BlockScanner scanner = BlockScanner.surfaceVoxels().withStride(2);
 * // a 64³ block of a C-order (z, y, x) volume whose first voxel is at z = 128, y = 0, x = 64
 * scanner.scan(labels, new int[] {64, 64, 64}, new long[] {128, 0, 64}, "1_0_2", ingestor);
 * }</pre>
 *
 * <p><b>Arrays and axes.</b> {@code labels} is a flat array in C order: axis 0 varies slowest, axis 2 fastest.
 * {@code shape} and {@code offset} (the volume coordinates of element {@code [0][0][0]}) are given per array axis,
 * in the same order. Which axis is x, y or z is the {@link AxisOrder}: {@link AxisOrder#ZYX} by default, the usual
 * layout of a C-order NumPy volume {@code volume[z, y, x]}, where x varies fastest.
 *
 * <p><b>Surface.</b> A voxel is on the surface when at least one of its six face neighbours has a different label.
 * A neighbour outside the given array counts as different: what lies beyond is unknown, and a volume's own edge then
 * closes every surface. To get exactly the surface of the whole volume from blockwise scans, pass each block with a
 * one-voxel halo (its neighbours, clipped to the volume) and say which part of the array is the block with
 * {@code regionStart}/{@code regionShape}: only voxels of the region become points, the halo is only looked at.
 * Without a halo, voxels on the block's faces all count as surface.
 *
 * <p><b>Stride.</b> With a stride s, only voxels whose volume coordinates are all multiples of s become points (the
 * surface test still looks at the full-resolution neighbours). The grid is in volume coordinates, so blocks agree
 * with each other wherever they start.
 *
 * <p><b>Background.</b> Label 0 is background and becomes no points, unless {@link #withBackground(boolean)} asks.
 *
 * <p>Immutable and thread-safe: share one scanner between workers.
 */
public final class BlockScanner {
    /** The schema of the points a scan writes: int64 x, y, z in volume coordinates. */
    public static final PointSchema SCHEMA = PointSchema.of(ColumnType.INT64, "x", "y", "z");

    /** Which array axis holds which coordinate. */
    public enum AxisOrder {
        /** Array axes (z, y, x): x varies fastest. C-order NumPy volumes indexed {@code volume[z, y, x]}. */
        ZYX,
        /**
         * Array axes (x, y, z): z varies fastest. Arrays indexed {@code [x][y][z]}, or the memory of a Fortran-order
         * NumPy volume of shape (z, y, x).
         */
        XYZ;

        /** The array axis (0, 1 or 2) that holds {@code coordinate}: 0 for x, 1 for y, 2 for z. */
        public int arrayAxis(int coordinate) {
            Objects.checkIndex(coordinate, 3);
            return this == ZYX ? 2 - coordinate : coordinate;
        }
    }

    /** Receives the points of one label found in a block. */
    @FunctionalInterface
    public interface PointSink {
        void accept(long label, PointCloud points);
    }

    /**
     * What one scan found.
     *
     * @param voxels voxels of the region looked at (before the stride)
     * @param points points written, over all labels
     * @param labels distinct labels written
     */
    public record Summary(long voxels, long points, int labels) {
    }

    private static final BlockScanner ALL = new BlockScanner(false, 1, false, AxisOrder.ZYX);

    private final boolean surfaceOnly;
    private final int stride;
    private final boolean background;
    private final AxisOrder axisOrder;

    private BlockScanner(boolean surfaceOnly, int stride, boolean background, AxisOrder axisOrder) {
        this.surfaceOnly = surfaceOnly;
        this.stride = stride;
        this.background = background;
        this.axisOrder = axisOrder;
    }

    /** A scanner writing every labelled voxel: stride 1, no background, axes {@link AxisOrder#ZYX}. */
    public static BlockScanner allVoxels() {
        return ALL;
    }

    /** A scanner writing only surface voxels: stride 1, no background, axes {@link AxisOrder#ZYX}. */
    public static BlockScanner surfaceVoxels() {
        return new BlockScanner(true, 1, false, AxisOrder.ZYX);
    }

    /** Keeps only voxels whose volume coordinates are all multiples of {@code stride} (1 keeps all). */
    public BlockScanner withStride(int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride is " + stride + "; expected 1 or more");
        }
        return new BlockScanner(surfaceOnly, stride, background, axisOrder);
    }

    /** Whether label 0 (background) becomes points too; by default it does not. */
    public BlockScanner withBackground(boolean include) {
        return new BlockScanner(surfaceOnly, stride, include, axisOrder);
    }

    public BlockScanner withAxisOrder(AxisOrder axisOrder) {
        return new BlockScanner(surfaceOnly, stride, background, Objects.requireNonNull(axisOrder, "axisOrder"));
    }

    public boolean surfaceOnly() {
        return surfaceOnly;
    }

    public int stride() {
        return stride;
    }

    public boolean includesBackground() {
        return background;
    }

    public AxisOrder axisOrder() {
        return axisOrder;
    }

    /** Scans the whole array as one block without a halo, and writes each label's points to {@code ingestor}. */
    public Summary scan(long[] labels, int[] shape, long[] offset, String blockId, Ingestor ingestor) {
        return scan(labels, shape, offset, new int[3], shape, blockId, ingestor);
    }

    /**
     * Scans the region {@code regionStart .. regionStart + regionShape} of the array (the rest is a halo, looked at
     * only to decide what is surface) and writes each label's points to {@code ingestor} under {@code blockId}.
     */
    public Summary scan(long[] labels, int[] shape, long[] offset, int[] regionStart, int[] regionShape,
            String blockId, Ingestor ingestor) {
        Objects.requireNonNull(ingestor, "ingestor");
        if (blockId == null || blockId.isBlank()) {
            throw new IllegalArgumentException("block id is " + (blockId == null ? "null" : "blank ('" + blockId
                    + "')") + "; expected a non-blank string naming the block");
        }
        return scan(labels, shape, offset, regionStart, regionShape,
                (label, points) -> ingestor.write(label, blockId, points));
    }

    /**
     * As {@link #scan(long[], int[], long[], int[], int[], String, Ingestor)}, handing each label's points to
     * {@code sink}, labels in unsigned order, each once.
     */
    public Summary scan(long[] labels, int[] shape, long[] offset, int[] regionStart, int[] regionShape,
            PointSink sink) {
        Objects.requireNonNull(sink, "sink");
        Block block = new Block(labels, shape, offset, regionStart, regionShape);
        return block.scan(sink);
    }

    @Override
    public String toString() {
        return "BlockScanner[" + (surfaceOnly ? "surface" : "all") + " voxels, stride " + stride
                + (background ? ", with background" : "") + ", axes " + axisOrder + "]";
    }

    /** One validated scan: the array, its region, and the voxel positions the stride keeps along each axis. */
    private final class Block {
        private final long[] labels;
        private final int[] shape;
        private final long[] offset;
        /** Per axis, the first array index of the region that the stride keeps, and how many indices it keeps. */
        private final int[] first = new int[3];
        private final int[] kept = new int[3];
        private final long regionVoxels;

        Block(long[] labels, int[] shape, long[] offset, int[] regionStart, int[] regionShape) {
            if (labels == null) {
                throw new IllegalArgumentException("labels is null; expected the block's labels in C order");
            }
            this.labels = labels;
            this.shape = requireThree(shape, "shape").clone();
            this.offset = requireThree(offset, "offset").clone();
            int[] start = requireThree(regionStart, "regionStart");
            int[] size = requireThree(regionShape, "regionShape");
            long voxels = 1;
            for (int axis = 0; axis < 3; axis++) {
                if (this.shape[axis] < 1) {
                    throw new IllegalArgumentException("shape is " + text(shape)
                            + "; expected three sizes of 1 or more");
                }
                voxels *= this.shape[axis];
            }
            if (voxels != labels.length) {
                throw new IllegalArgumentException("labels has " + labels.length + " values but shape "
                        + text(shape) + " needs " + voxels);
            }
            long region = 1;
            for (int axis = 0; axis < 3; axis++) {
                if (start[axis] < 0 || size[axis] < 0 || (long) start[axis] + size[axis] > this.shape[axis]) {
                    throw new IllegalArgumentException("region " + text(start) + " + " + text(size)
                            + " does not lie inside the array of shape " + text(shape));
                }
                try {
                    Math.addExact(this.offset[axis], this.shape[axis]);
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("offset " + this.offset[axis] + " + shape " + this.shape[axis]
                            + " of axis " + axis + " overflows a long coordinate");
                }
                // The first region index whose volume coordinate is a multiple of the stride.
                long remainder = Math.floorMod(this.offset[axis] + start[axis], (long) stride);
                int skip = (int) ((stride - remainder) % stride);
                first[axis] = start[axis] + skip;
                kept[axis] = size[axis] > skip ? (size[axis] - skip + stride - 1) / stride : 0;
                region *= size[axis];
            }
            this.regionVoxels = region;
        }

        Summary scan(PointSink sink) {
            int keptVoxels = kept[0] * kept[1] * kept[2];
            // Pass 1: which label slot each kept voxel goes to (-1: none), and how many voxels each label has.
            int[] slotOfVoxel = new int[keptVoxels];
            LabelSlots slots = new LabelSlots();
            classify(slotOfVoxel, slots);
            // Pass 2: every label's coordinates, by array axis, into arrays of exactly its size.
            int labelCount = slots.size();
            long[][][] coordinates = new long[3][labelCount][];
            for (int slot = 0; slot < labelCount; slot++) {
                for (int axis = 0; axis < 3; axis++) {
                    coordinates[axis][slot] = new long[slots.count(slot)];
                }
            }
            fill(slotOfVoxel, coordinates, new int[labelCount]);
            long[][] x = coordinates[axisOrder.arrayAxis(0)];
            long[][] y = coordinates[axisOrder.arrayAxis(1)];
            long[][] z = coordinates[axisOrder.arrayAxis(2)];
            long points = 0;
            for (int slot : slots.slotsInLabelOrder()) {
                points += slots.count(slot);
                sink.accept(slots.label(slot), PointCloud.ofColumns(SCHEMA, x[slot], y[slot], z[slot]));
            }
            return new Summary(regionVoxels, points, labelCount);
        }

        private void classify(int[] slotOfVoxel, LabelSlots slots) {
            int plane = shape[1] * shape[2];
            int voxel = 0;
            boolean haveLast = false;
            long lastLabel = 0;
            int lastSlot = -1;
            for (int k0 = 0, i0 = first[0]; k0 < kept[0]; k0++, i0 += stride) {
                for (int k1 = 0, i1 = first[1]; k1 < kept[1]; k1++, i1 += stride) {
                    int row = i0 * plane + i1 * shape[2];
                    for (int k2 = 0, i2 = first[2]; k2 < kept[2]; k2++, i2 += stride) {
                        int p = row + i2;
                        long label = labels[p];
                        int slot = -1;
                        if ((label != 0 || background) && (!surfaceOnly || onSurface(p, i0, i1, i2, label, plane))) {
                            if (haveLast && label == lastLabel) {
                                slot = lastSlot;
                                slots.addTo(slot);
                            } else {
                                slot = slots.add(label);
                                haveLast = true;
                                lastLabel = label;
                                lastSlot = slot;
                            }
                        }
                        slotOfVoxel[voxel++] = slot;
                    }
                }
            }
        }

        private boolean onSurface(int p, int i0, int i1, int i2, long label, int plane) {
            int row = shape[2];
            return i2 == 0 || labels[p - 1] != label
                    || i2 == row - 1 || labels[p + 1] != label
                    || i1 == 0 || labels[p - row] != label
                    || i1 == shape[1] - 1 || labels[p + row] != label
                    || i0 == 0 || labels[p - plane] != label
                    || i0 == shape[0] - 1 || labels[p + plane] != label;
        }

        private void fill(int[] slotOfVoxel, long[][][] coordinates, int[] next) {
            long[][] axis0 = coordinates[0];
            long[][] axis1 = coordinates[1];
            long[][] axis2 = coordinates[2];
            int voxel = 0;
            for (int k0 = 0; k0 < kept[0]; k0++) {
                long c0 = offset[0] + first[0] + (long) k0 * stride;
                for (int k1 = 0; k1 < kept[1]; k1++) {
                    long c1 = offset[1] + first[1] + (long) k1 * stride;
                    for (int k2 = 0; k2 < kept[2]; k2++) {
                        int slot = slotOfVoxel[voxel++];
                        if (slot >= 0) {
                            int n = next[slot]++;
                            axis0[slot][n] = c0;
                            axis1[slot][n] = c1;
                            axis2[slot][n] = offset[2] + first[2] + (long) k2 * stride;
                        }
                    }
                }
            }
        }
    }

    private static int[] requireThree(int[] values, String name) {
        if (values == null || values.length != 3) {
            throw new IllegalArgumentException(name + " is " + (values == null ? "null" : text(values))
                    + "; expected three values, one per array axis");
        }
        return values;
    }

    private static long[] requireThree(long[] values, String name) {
        if (values == null || values.length != 3) {
            throw new IllegalArgumentException(name + " is " + (values == null ? "null"
                    : Arrays.toString(values)) + "; expected three values, one per array axis");
        }
        return values;
    }

    private static String text(int[] values) {
        return Arrays.toString(values);
    }
}
