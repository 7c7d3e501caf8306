package org.pocaduck.internal.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the bytes of one Parquet file come from: a local file now, an object-store range reader later. The reader asks
 * for few, large ranges (the footer, then one range per column chunk), so each call may be a network request.
 *
 * <p>Implementations must be safe for concurrent {@link #read} calls. {@link Object#toString()} should name the file;
 * it appears in error messages.
 */
public interface ByteSource extends Closeable {
    /** The length of the file in bytes. */
    long size() throws IOException;

    /**
     * Reads exactly {@code length} bytes starting at {@code position}. The returned buffer holds them between its
     * position (0) and its limit ({@code length}); the caller owns it.
     *
     * @throws java.io.EOFException if the range extends past the end of the file
     */
    ByteBuffer read(long position, int length) throws IOException;
}
