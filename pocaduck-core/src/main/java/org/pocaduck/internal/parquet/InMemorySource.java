package org.pocaduck.internal.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A file read whole with one read of its source, then served from memory: a small file whose later reads would each
 * cost a request against object storage.
 */
public final class InMemorySource implements ByteSource {
    private final String name;
    private final byte[] bytes;

    private InMemorySource(String name, byte[] bytes) {
        this.name = name;
        this.bytes = bytes;
    }

    /** Reads all {@code size} bytes of {@code source} (which it does not close) at once. */
    public static InMemorySource readWhole(ByteSource source, int size) throws IOException {
        ByteBuffer data = ParquetFile.read(source, 0, size);
        byte[] bytes = new byte[size];
        data.get(bytes);
        return new InMemorySource(source.toString(), bytes);
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public ByteBuffer read(long position, int length) throws IOException {
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "cannot read " + length + " bytes at position " + position + " of " + name);
        }
        if (position > bytes.length - (long) length) {
            throw new EOFException("wanted " + length + " bytes at position " + position + " of " + name
                    + " but the file ends at " + bytes.length);
        }
        // A copy: the caller owns the buffer it gets.
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes, (int) position, (int) position + length));
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return name;
    }
}
