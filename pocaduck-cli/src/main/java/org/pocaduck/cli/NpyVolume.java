package org.pocaduck.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A 3-D volume of integer labels in a {@code .npy} file, memory-mapped rather than read: a volume of many gigabytes
 * costs no heap, and parallel readers share the operating system's page cache.
 *
 * <p>Everything here is in <em>memory order</em>: axis 0 varies slowest and axis 2 fastest, which for a
 * Fortran-order file is the reverse of the header's shape. Blocks read out are C-order arrays in that order, ready
 * for a {@link org.pocaduck.BlockScanner}. Labels are uint64: unsigned dtypes of 1 to 8 bytes, and signed ones
 * whose values are not negative. Thread-safe.
 */
final class NpyVolume {

    /** Mapped windows hold whole rows (runs along axis 2) and at most this many bytes each. */
    private static final long WINDOW_BYTES = 1L << 30;

    private final String name;
    private final NpyHeader header;
    private final int[] shape;
    private final long rowBytes;
    private final long rowsPerWindow;
    private final List<ByteBuffer> windows;
    /** For 8-byte labels, the windows as longs: a run is then one bulk copy. */
    private final List<LongBuffer> longWindows;

    private NpyVolume(String name, NpyHeader header, int[] shape, long rowBytes, long rowsPerWindow,
            List<ByteBuffer> windows) {
        this.name = name;
        this.header = header;
        this.shape = shape;
        this.rowBytes = rowBytes;
        this.rowsPerWindow = rowsPerWindow;
        this.windows = windows;
        this.longWindows = header.width() == Long.BYTES
                ? windows.stream().map(ByteBuffer::asLongBuffer).toList() : List.of();
    }

    static NpyVolume open(Path file) throws IOException {
        return open(file, WINDOW_BYTES);
    }

    /** As {@link #open(Path)}, mapping windows of at most {@code windowBytes} bytes. */
    static NpyVolume open(Path file, long windowBytes) throws IOException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("volume " + file + " does not exist or is not a file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer start = ByteBuffer.allocate((int) Math.min(channel.size(), NpyHeader.TYPICAL_HEADER_BYTES));
            channel.read(start, 0);
            NpyHeader header = readHeader(channel, start.flip(), name);
            int[] shape = memoryShape(header, name);
            if (!header.isInteger()) {
                throw new IllegalArgumentException(name + " holds dtype '" + header.dtype()
                        + "'; expected integer labels (uint64, uint32, int64, int32, ...)");
            }
            long rowBytes = (long) shape[2] * header.width();
            if (rowBytes > windowBytes) {
                throw new IllegalArgumentException(name + " has rows of " + rowBytes + " bytes along its fastest"
                        + " axis; at most " + windowBytes + " are supported");
            }
            long rows = (long) shape[0] * shape[1];
            long needed = header.dataOffset() + rows * rowBytes;
            if (channel.size() < needed) {
                throw new IllegalArgumentException(name + " holds " + channel.size() + " bytes but its shape "
                        + header.shapeText() + " of dtype '" + header.dtype() + "' needs " + needed);
            }
            long rowsPerWindow = windowBytes / rowBytes;
            List<ByteBuffer> windows = new ArrayList<>();
            for (long first = 0; first < rows; first += rowsPerWindow) {
                long count = Math.min(rowsPerWindow, rows - first);
                MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY,
                        header.dataOffset() + first * rowBytes, count * rowBytes);
                windows.add(window.order(header.order()));
            }
            return new NpyVolume(name, header, shape, rowBytes, rowsPerWindow, windows);
        }
    }

    /** A header longer than the usual few kilobytes is read in full before parsing. */
    private static NpyHeader readHeader(FileChannel channel, ByteBuffer start, String name) throws IOException {
        try {
            return NpyHeader.parse(start, name);
        } catch (IllegalArgumentException tooShort) {
            if (channel.size() <= start.limit()) {
                throw tooShort;
            }
            ByteBuffer all = ByteBuffer.allocate((int) Math.min(channel.size(), Integer.MAX_VALUE - 8));
            channel.read(all, 0);
            return NpyHeader.parse(all.flip(), name);
        }
    }

    private static int[] memoryShape(NpyHeader header, String name) {
        long[] declared = header.shape();
        if (declared.length != 3) {
            throw new IllegalArgumentException(name + " has shape " + header.shapeText()
                    + "; expected a 3-D volume of labels");
        }
        int[] shape = new int[3];
        for (int axis = 0; axis < 3; axis++) {
            long size = declared[header.fortranOrder() ? 2 - axis : axis];
            if (size < 1 || size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " has shape " + header.shapeText()
                        + "; expected sizes from 1 to " + Integer.MAX_VALUE);
            }
            shape[axis] = (int) size;
        }
        return shape;
    }

    /** Axis sizes in memory order. */
    int[] shape() {
        return shape.clone();
    }

    /** Whether the file is in Fortran order, so that memory order is the reverse of the header's axis order. */
    boolean fortranOrder() {
        return header.fortranOrder();
    }

    /** The labels of the box {@code start .. start + size} (memory order) as a C-order array. */
    long[] read(int[] start, int[] size) {
        long[] labels = new long[size[0] * size[1] * size[2]];
        int run = size[2];
        int at = 0;
        for (int i0 = start[0]; i0 < start[0] + size[0]; i0++) {
            for (int i1 = start[1]; i1 < start[1] + size[1]; i1++) {
                long row = (long) i0 * shape[1] + i1;
                int window = (int) (row / rowsPerWindow);
                int offset = (int) ((row % rowsPerWindow) * rowBytes) + start[2] * header.width();
                readRun(window, offset, labels, at, run);
                checkNotNegative(labels, at, run, i0, i1, start[2]);
                at += run;
            }
        }
        return labels;
    }

    /** Copies one run along axis 2 with the widest bulk read the dtype allows. */
    private void readRun(int windowNumber, int offset, long[] labels, int at, int run) {
        boolean unsigned = header.kind() == 'u';
        ByteBuffer window = windows.get(windowNumber);
        switch (header.width()) {
            case 8 -> longWindows.get(windowNumber).get(offset / Long.BYTES, labels, at, run);
            case 4 -> {
                for (int i = 0; i < run; i++) {
                    int value = window.getInt(offset + i * Integer.BYTES);
                    labels[at + i] = unsigned ? Integer.toUnsignedLong(value) : value;
                }
            }
            case 2 -> {
                for (int i = 0; i < run; i++) {
                    short value = window.getShort(offset + i * Short.BYTES);
                    labels[at + i] = unsigned ? Short.toUnsignedLong(value) : value;
                }
            }
            default -> {
                for (int i = 0; i < run; i++) {
                    byte value = window.get(offset + i);
                    labels[at + i] = unsigned ? Byte.toUnsignedLong(value) : value;
                }
            }
        }
    }

    /** A negative value of a signed dtype is no uint64 label; refused rather than wrapped around. */
    private void checkNotNegative(long[] labels, int at, int run, int i0, int i1, int first2) {
        if (header.kind() != 'i') {
            return;
        }
        for (int i = 0; i < run; i++) {
            if (labels[at + i] < 0) {
                throw new IllegalArgumentException(name + ": label " + labels[at + i] + " at " + position(i0, i1,
                        first2 + i) + " is negative; expected uint64 labels");
            }
        }
    }

    /** A voxel's index as NumPy writes it, in the header's axis order. */
    private String position(int i0, int i1, int i2) {
        return header.fortranOrder() ? "[" + i2 + ", " + i1 + ", " + i0 + "]" : "[" + i0 + ", " + i1 + ", " + i2 + "]";
    }
}
