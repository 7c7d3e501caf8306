package org.pocaduck.internal.parquet;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;

/**
 * A zstd-compressed page, decompressed only as far as decoding has asked. A first request for more than half the page
 * decompresses all of it in one call, which avoids the copy through zstd's streaming window; smaller requests stream,
 * in steps of at least {@link #MIN_STEP} bytes to keep the number of native calls low.
 */
final class ZstdPageBytes extends PageBytes {
    private static final int MIN_STEP = 32 * 1024;

    private final ZstdDecompressCtx zstd;
    private final ByteBuffer source;
    private final ByteBuffer target;

    /**
     * @param zstd   a context used by this page only until it is done with; reset here because an earlier page may
     *               have been abandoned half-way
     * @param target receives the page from index 0; at least {@code size} long
     */
    ZstdPageBytes(ZstdDecompressCtx zstd, byte[] compressed, int offset, int length, byte[] target, int size) {
        super(target, 0, size);
        this.zstd = zstd;
        this.source = ByteBuffer.wrap(compressed, offset, length);
        this.target = ByteBuffer.wrap(target, 0, size);
        zstd.reset();
    }

    @Override
    void fill(int end) throws ParquetFormatException {
        try {
            if (available == 0 && end > size() / 2) {
                decompressAll();
            } else {
                stream(Math.min(size(), Math.max(end, available + MIN_STEP)));
            }
        } catch (ZstdException e) {
            throw new ParquetFormatException("zstd cannot decompress the page: " + e.getMessage(), e);
        }
    }

    private void decompressAll() throws ParquetFormatException {
        int n = zstd.decompressByteArray(array(), 0, size(), source.array(), source.arrayOffset() + source.position(),
                source.remaining());
        if (n != size()) {
            throw new ParquetFormatException("page decompressed to " + n + " bytes, its header says " + size());
        }
        available = size();
    }

    private void stream(int end) throws ParquetFormatException {
        target.limit(end);
        while (target.hasRemaining()) {
            int produced = target.position();
            int consumed = source.position();
            boolean flushed = zstd.decompressByteBufferStream(target, source);
            boolean stalled = target.position() == produced && source.position() == consumed;
            if (stalled || (flushed && !source.hasRemaining() && target.hasRemaining())) {
                throw new ParquetFormatException("page decompressed to " + target.position()
                        + " bytes, its header says " + size());
            }
        }
        available = end;
    }
}
