package org.pocaduck.internal.parquet;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * A zstd-compressed page, decompressed only as far as decoding has asked. A first request for more than half the page
 * decompresses all of it in one call, which avoids the copy through zstd's streaming window; smaller requests stream,
 * in steps of at least {@link #MIN_STEP} bytes to keep the number of native calls low. Streaming keeps state in the
 * zstd context, so a context serves one page at a time.
 */
final class ZstdPageBytes extends PageBytes {
    /** The largest page accepted: Parquet sizes are int32, and a buffer adds a few bytes of slack. */
    static final int MAX_SIZE = Integer.MAX_VALUE - 64;
    private static final int MIN_STEP = 32 * 1024;

    private final ZstdDecompressCtx zstd;
    private final ByteBuffer source;
    private final ByteBuffer target;

    private ZstdPageBytes(ZstdDecompressCtx zstd, byte[] compressed, int offset, int length, byte[] target,
                          int size) {
        super(target, 0, size);
        this.zstd = zstd;
        this.source = ByteBuffer.wrap(compressed, offset, length);
        this.target = ByteBuffer.wrap(target, 0, size);
        zstd.reset();
    }

    /**
     * A page whose zstd frame is at {@code compressed[offset, offset + length)} and decompresses to {@code size}
     * bytes. The frame header's content size, when present, must agree, so a corrupt page header cannot make the
     * reader allocate a huge buffer.
     *
     * @param zstd    a context that serves one page at a time: starting another page on it abandons this one
     * @param buffers gives the array to decompress into, at least {@code size} long
     */
    static ZstdPageBytes open(ZstdDecompressCtx zstd, byte[] compressed, int offset, int length, int size,
                              IntFunction<byte[]> buffers) throws ParquetFormatException {
        long declared = Zstd.getFrameContentSize(compressed, offset, length);
        if (size > MAX_SIZE) {
            throw new ParquetFormatException("a page of " + size + " bytes is larger than supported");
        }
        if (declared == -2 || (declared >= 0 && declared != size)) {
            throw new ParquetFormatException(declared == -2 ? "the page does not start with a zstd frame header"
                    : "the page header says " + size + " bytes, its zstd frame " + declared);
        }
        return new ZstdPageBytes(zstd, compressed, offset, length, buffers.apply(size), size);
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
