package org.pocaduck.internal.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.lang.reflect.Array;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.pocaduck.ColumnType;

/**
 * One point column being buffered before a flush, in a growable primitive array of the column's type.
 * Values arrive as long or double and are stored only if the column's type holds them exactly (integers) or they are
 * the nearest float32 (floating-point narrowing the user chose with the schema); anything else is rejected with a
 * message naming the value, so coordinates are never truncated silently.
 */
public abstract class ColumnBuffer {
    private static final double TWO_POW_63 = 0x1p63;
    
    final String name;
    final ColumnType type;
    /** The primitive array of the column's type; subclasses cast it where they need the values. */
    Object storage;

    ColumnBuffer(String name, ColumnType type, Object storage) {
        this.name = name;
        this.type = type;
        this.storage = storage;
    }

    public static ColumnBuffer create(String name, ColumnType type, int capacity) {
        return switch (type) {
            case INT32 -> new Ints(name, capacity);
            case INT64 -> new Longs(name, capacity);
            case FLOAT32 -> new Floats(name, capacity);
            case FLOAT64 -> new Doubles(name, capacity);
        };
    }

    /** Makes room for positions below {@code capacity}, keeping the values stored so far. */
    final void ensureCapacity(int capacity) {
        int length = Array.getLength(storage);
        if (capacity > length) {
            Object grownStorage = Array.newInstance(storage.getClass().getComponentType(), grown(length, capacity));
            System.arraycopy(storage, 0, grownStorage, 0, length);
            storage = grownStorage;
        }
    }

    abstract void setLong(int position, long value, int row);

    abstract void setDouble(int position, double value, int row);

    /** Copies {@code count} values from a primitive array of this column's own type. */
    final void copyFrom(Object source, int sourcePosition, int position, int count) {
        System.arraycopy(source, sourcePosition, storage, position, count);
    }

    /** Copies {@code count} values from {@code position} into a primitive array of this column's own type. */
    final void copyInto(int position, Object target, int targetPosition, int count) {
        System.arraycopy(storage, position, target, targetPosition, count);
    }

    /** A new primitive array of this column's type. */
    final Object newArray(int length) {
        return Array.newInstance(storage.getClass().getComponentType(), length);
    }

    /** Copies one value to another position of the same column. */
    final void move(int from, int to) {
        System.arraycopy(storage, from, storage, to, 1);
    }

    /** The value at {@code position} as raw bits: equal bits, identical value (so -0.0 and 0.0 differ). */
    final long bits(int position) {
        return switch (type) {
            case INT32 -> ((int[]) storage)[position];
            case INT64 -> ((long[]) storage)[position];
            case FLOAT32 -> Float.floatToRawIntBits(((float[]) storage)[position]);
            case FLOAT64 -> Double.doubleToRawLongBits(((double[]) storage)[position]);
        };
    }

    /**
     * A view of an Arrow vector's data for {@link #copyTo}. Made once per batch: creating a view of Arrow memory is
     * far more expensive than the copy of one short run.
     */
    final ByteBuffer dataView(FieldVector vector, int rows) {
        return vector.getDataBuffer().nioBuffer(0, rows * type.byteWidth()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies the run [from, from + count) into a {@link #dataView} at {@code viewPosition}. */
    abstract void copyTo(ByteBuffer view, int viewPosition, int from, int count);

    /**
     * Widens {@code bounds[offset]} (min) and {@code bounds[offset + 1]} (max) by the values in [from, to), rounded
     * outwards when a double cannot hold them exactly.
     */
    abstract void extendBounds(int from, int to, double[] bounds, int offset);

    Field arrowField() {
        ArrowType arrowType = switch (type) {
            case INT32 -> new ArrowType.Int(32, true);
            case INT64 -> new ArrowType.Int(64, true);
            case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        };
        return Field.notNullable(name, arrowType);
    }

    IllegalArgumentException rejected(Object value, int row, String why) {
        return new IllegalArgumentException("points[" + row + "] has value " + value + " for column " + name + " ("
                + type.label() + "), " + why);
    }

    static int grown(int current, int needed) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, Math.max(1024, (long) current * 3 / 2)));
    }

    /** The largest double not above {@code value}: bounds must contain every point even when doubles round. */
    private static double down(long value) {
        double d = value;
        return d >= TWO_POW_63 || (long) d > value ? Math.nextDown(d) : d;
    }

    /** The smallest double not below {@code value}. */
    private static double up(long value) {
        double d = value;
        return d < TWO_POW_63 && (long) d < value ? Math.nextUp(d) : d;
    }

    private static void extend(double[] bounds, int offset, double min, double max) {
        bounds[offset] = Math.min(bounds[offset], min);
        bounds[offset + 1] = Math.max(bounds[offset + 1], max);
    }

    private static final class Longs extends ColumnBuffer {
        Longs(String name, int capacity) {
            super(name, ColumnType.INT64, new long[capacity]);
        }

        @Override
        void setLong(int position, long value, int row) {
            long[] values = (long[]) storage;
            values[position] = value;
        }

        @Override
        void setDouble(int position, double value, int row) {
            long[] values = (long[]) storage;
            if (!(value >= -TWO_POW_63 && value < TWO_POW_63) || value != Math.rint(value)) {
                throw rejected(value, row, "which is not an integer in the int64 range");
            }
            values[position] = (long) value;
        }

        @Override
        void copyTo(ByteBuffer view, int viewPosition, int from, int count) {
            long[] values = (long[]) storage;
            view.asLongBuffer().put(viewPosition, values, from, count);
        }

        @Override
        void extendBounds(int from, int to, double[] bounds, int offset) {
            long[] values = (long[]) storage;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = from; i < to; i++) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
            extend(bounds, offset, down(min), up(max));
        }
    }

    private static final class Ints extends ColumnBuffer {
        Ints(String name, int capacity) {
            super(name, ColumnType.INT32, new int[capacity]);
        }

        @Override
        void setLong(int position, long value, int row) {
            int[] values = (int[]) storage;
            if (value != (int) value) {
                throw rejected(value, row, "which is outside the int32 range");
            }
            values[position] = (int) value;
        }

        @Override
        void setDouble(int position, double value, int row) {
            int[] values = (int[]) storage;
            if (!(value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) || value != Math.rint(value)) {
                throw rejected(value, row, "which is not an integer in the int32 range");
            }
            values[position] = (int) value;
        }

        @Override
        void copyTo(ByteBuffer view, int viewPosition, int from, int count) {
            int[] values = (int[]) storage;
            view.asIntBuffer().put(viewPosition, values, from, count);
        }

        @Override
        void extendBounds(int from, int to, double[] bounds, int offset) {
            int[] values = (int[]) storage;
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int i = from; i < to; i++) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
            extend(bounds, offset, min, max);
        }
    }

    private static final class Floats extends ColumnBuffer {
        Floats(String name, int capacity) {
            super(name, ColumnType.FLOAT32, new float[capacity]);
        }

        @Override
        void setLong(int position, long value, int row) {
            float[] values = (float[]) storage;
            float stored = value;
            if ((long) stored != value || stored == 0x1p63f) {
                throw rejected(value, row, "which float32 cannot hold exactly");
            }
            values[position] = stored;
        }

        @Override
        void setDouble(int position, double value, int row) {
            float[] values = (float[]) storage;
            float stored = (float) value;
            if (Float.isInfinite(stored) && !Double.isInfinite(value)) {
                throw rejected(value, row, "which is outside the float32 range");
            }
            values[position] = stored;
        }

        @Override
        void copyTo(ByteBuffer view, int viewPosition, int from, int count) {
            float[] values = (float[]) storage;
            view.asFloatBuffer().put(viewPosition, values, from, count);
        }

        @Override
        void extendBounds(int from, int to, double[] bounds, int offset) {
            float[] values = (float[]) storage;
            for (int i = from; i < to; i++) {
                extend(bounds, offset, values[i], values[i]);
            }
        }
    }

    private static final class Doubles extends ColumnBuffer {
        Doubles(String name, int capacity) {
            super(name, ColumnType.FLOAT64, new double[capacity]);
        }

        @Override
        void setLong(int position, long value, int row) {
            double[] values = (double[]) storage;
            double stored = value;
            if (stored >= TWO_POW_63 || (long) stored != value) {
                throw rejected(value, row, "which float64 cannot hold exactly");
            }
            values[position] = stored;
        }

        @Override
        void setDouble(int position, double value, int row) {
            double[] values = (double[]) storage;
            values[position] = value;
        }

        @Override
        void copyTo(ByteBuffer view, int viewPosition, int from, int count) {
            double[] values = (double[]) storage;
            view.asDoubleBuffer().put(viewPosition, values, from, count);
        }

        @Override
        void extendBounds(int from, int to, double[] bounds, int offset) {
            double[] values = (double[]) storage;
            for (int i = from; i < to; i++) {
                extend(bounds, offset, values[i], values[i]);
            }
        }
    }
}
