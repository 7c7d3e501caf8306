package org.pocaduck.internal.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fixed-width physical types {@code readRows} decodes, each into its own primitive array type, so values are
 * never boxed. Parquet stores them little-endian.
 */
enum ValueType {
    INT32(4, int[].class) {
        @Override
        void copyPlain(byte[] src, int srcOffset, Object dst, int dstOffset, int count) {
            littleEndian(src, srcOffset, count).asIntBuffer().get((int[]) dst, dstOffset, count);
        }

        @Override
        void gather(byte[] dictionary, int dictionaryOffset, int[] indices, int count, Object dst,
                    int dstOffset) {
            int[] out = (int[]) dst;
            for (int i = 0; i < count; i++) {
                out[dstOffset + i] = (int) INTS.get(dictionary, dictionaryOffset + (indices[i] << 2));
            }
        }

        @Override
        void copyByteStreamSplit(byte[] src, int first, int streamLength, Object dst, int dstOffset, int count) {
            int[] out = (int[]) dst;
            for (int i = 0; i < count; i++) {
                out[dstOffset + i] = splitInt(src, first + i, streamLength);
            }
        }
    },
    INT64(8, long[].class) {
        @Override
        void copyPlain(byte[] src, int srcOffset, Object dst, int dstOffset, int count) {
            littleEndian(src, srcOffset, count).asLongBuffer().get((long[]) dst, dstOffset, count);
        }

        @Override
        void gather(byte[] dictionary, int dictionaryOffset, int[] indices, int count, Object dst,
                    int dstOffset) {
            long[] out = (long[]) dst;
            for (int i = 0; i < count; i++) {
                out[dstOffset + i] = (long) LONGS.get(dictionary, dictionaryOffset + (indices[i] << 3));
            }
        }

        @Override
        void copyByteStreamSplit(byte[] src, int first, int streamLength, Object dst, int dstOffset, int count) {
            long[] out = (long[]) dst;
            for (int i = 0; i < count; i++) {
                out[dstOffset + i] = splitLong(src, first + i, streamLength);
            }
        }
    },
    FLOAT(4, float[].class) {
        @Override
        void copyPlain(byte[] src, int srcOffset, Object dst, int dstOffset, int count) {
            littleEndian(src, srcOffset, count).asFloatBuffer().get((float[]) dst, dstOffset, count);
        }

        @Override
        void gather(byte[] dictionary, int dictionaryOffset, int[] indices, int count, Object dst,
                    int dstOffset) {
            float[] out = (float[]) dst;
            for (int i = 0; i < count; i++) {
                out[dstOffset + i] = Float.intBitsToFloat(
                        (int) INTS.get(dictionary, dictionaryOffset + (indices[i] << 2)));
            }
        }

        @Override
        void copyByteStreamSplit(byte[] src, int first, int streamLength, Object dst, int dstOffset, int count) {
            float[] out = (float[]) dst;
            for (int i = 0; i < count; i++) {
                out[dstOffset + i] = Float.intBitsToFloat(splitInt(src, first + i, streamLength));
            }
        }
    },
    DOUBLE(8, double[].class) {
        @Override
        void copyPlain(byte[] src, int srcOffset, Object dst, int dstOffset, int count) {
            littleEndian(src, srcOffset, count).asDoubleBuffer().get((double[]) dst, dstOffset, count);
        }

        @Override
        void gather(byte[] dictionary, int dictionaryOffset, int[] indices, int count, Object dst,
                    int dstOffset) {
            double[] out = (double[]) dst;
            for (int i = 0; i < count; i++) {
                out[dstOffset + i] = Double.longBitsToDouble(
                        (long) LONGS.get(dictionary, dictionaryOffset + (indices[i] << 3)));
            }
        }

        @Override
        void copyByteStreamSplit(byte[] src, int first, int streamLength, Object dst, int dstOffset, int count) {
            double[] out = (double[]) dst;
            for (int i = 0; i < count; i++) {
                out[dstOffset + i] = Double.longBitsToDouble(splitLong(src, first + i, streamLength));
            }
        }
    };

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int width;
    private final Class<?> arrayType;

    ValueType(int width, Class<?> arrayType) {
        this.width = width;
        this.arrayType = arrayType;
    }

    /** Bytes per value. */
    int width() {
        return width;
    }

    /** The Java array type that receives values of this type. */
    Class<?> arrayType() {
        return arrayType;
    }

    /** Copies {@code count} PLAIN-encoded values starting at {@code src[srcOffset]} into {@code dst}. */
    abstract void copyPlain(byte[] src, int srcOffset, Object dst, int dstOffset, int count);

    /**
     * Writes entry {@code indices[i]} of a PLAIN-encoded dictionary starting at {@code dictionary[dictionaryOffset]}
     * into {@code dst}, for the first {@code count} indices; every index must already be known to be in range.
     */
    abstract void gather(byte[] dictionary, int dictionaryOffset, int[] indices, int count, Object dst,
                         int dstOffset);

    /**
     * Writes {@code count} BYTE_STREAM_SPLIT values into {@code dst}: byte k of the i-th value is at
     * {@code src[first + i + k * streamLength]}.
     */
    abstract void copyByteStreamSplit(byte[] src, int first, int streamLength, Object dst, int dstOffset,
                                      int count);

    private static int splitInt(byte[] src, int at, int stride) {
        return (src[at] & 0xFF) | (src[at + stride] & 0xFF) << 8 | (src[at + 2 * stride] & 0xFF) << 16
                | (src[at + 3 * stride] & 0xFF) << 24;
    }

    private static long splitLong(byte[] src, int at, int stride) {
        return (splitInt(src, at, stride) & 0xFFFFFFFFL) | (long) splitInt(src, at + 4 * stride, stride) << 32;
    }

    /** A little-endian view of {@code count} values at {@code src[offset]}, for the bulk copies of PLAIN data. */
    ByteBuffer littleEndian(byte[] src, int offset, int count) {
        return ByteBuffer.wrap(src, offset, count * width).order(ByteOrder.LITTLE_ENDIAN);
    }
}
