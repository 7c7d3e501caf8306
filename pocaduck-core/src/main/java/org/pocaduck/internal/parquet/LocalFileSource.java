package org.pocaduck.internal.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local file read with positional {@link FileChannel} reads, which do not move a shared file pointer and so are safe
 * to issue from many threads at once.
 */
public final class LocalFileSource implements ByteSource {
    private final Path path;
    private final FileChannel channel;

    public LocalFileSource(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public ByteBuffer read(long position, int length) throws IOException {
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "cannot read " + length + " bytes at position " + position + " of " + path);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new EOFException("wanted " + length + " bytes at position " + position + " of " + path
                        + " but the file ends at " + channel.size());
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
