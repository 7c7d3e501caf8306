package org.pocaduck.internal.parquet;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Buffers and a zstd context reused from one read to the next, so that decoding a range allocates almost nothing and
 * zstd's streaming window is not set up again for every page. A read takes one from a small shared pool and gives it
 * back when done, which keeps {@link ParquetFile} immutable and free to share between threads.
 */
final class DecodeScratch {
    private static final ArrayBlockingQueue<DecodeScratch> POOL =
            new ArrayBlockingQueue<>(2 * Runtime.getRuntime().availableProcessors());
    /** Buffers grown beyond this by unusually large pages are dropped rather than kept alive in the pool. */
    private static final int MAX_RETAINED_BYTES = 16 << 20;
    /** Slack after a page keeps bit unpacking near its end on the fast path, which loads 8 bytes at a time. */
    private static final int PADDING = Long.BYTES;
    private static final byte[] EMPTY = new byte[0];

    private ZstdDecompressCtx zstd;
    private byte[] page = EMPTY;
    private byte[] dictionary = EMPTY;
    private final int[] indices = new int[1024];
    private final long[] longs = new long[1024];

    private DecodeScratch() {
    }

    static DecodeScratch acquire() {
        DecodeScratch scratch = POOL.poll();
        return scratch != null ? scratch : new DecodeScratch();
    }

    void release() {
        if (page.length > MAX_RETAINED_BYTES) {
            page = EMPTY;
        }
        if (dictionary.length > MAX_RETAINED_BYTES) {
            dictionary = EMPTY;
        }
        if (!POOL.offer(this) && zstd != null) {
            zstd.close();
        }
    }

    ZstdDecompressCtx zstd() {
        if (zstd == null) {
            zstd = new ZstdDecompressCtx();
        }
        return zstd;
    }

    /**
     * A buffer for a data page of {@code size} bytes (at most {@link ZstdPageBytes#MAX_SIZE}); its contents are
     * overwritten by the next call.
     */
    byte[] pageBuffer(int size) {
        if (page.length < size + PADDING) {
            page = new byte[size + PADDING];
        }
        return page;
    }

    /** A buffer for a dictionary page, separate from {@link #pageBuffer} because both are in use together. */
    byte[] dictionaryBuffer(int size) {
        if (dictionary.length < size + PADDING) {
            dictionary = new byte[size + PADDING];
        }
        return dictionary;
    }

    /** A batch of dictionary indices, decoded before they are looked up. */
    int[] indices() {
        return indices;
    }

    /** A batch of delta-decoded values, before they are narrowed to INT32. */
    long[] longs() {
        return longs;
    }
}
