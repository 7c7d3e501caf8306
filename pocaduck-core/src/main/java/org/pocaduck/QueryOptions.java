package org.pocaduck;

/**
 * How a {@link Query} reads. Immutable; change with the {@code with...} methods.
 */
public final class QueryOptions {
    /** Default cache of decoded point clouds: 256 MiB. */
    public static final long DEFAULT_CACHE_BYTES = 256L << 20;

    private static final QueryOptions DEFAULTS = new QueryOptions(DEFAULT_CACHE_BYTES);

    private final long cacheBytes;

    private QueryOptions(long cacheBytes) {
        this.cacheBytes = cacheBytes;
    }

    public static QueryOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Memory for recently read point clouds (least recently used are evicted); 0 turns the cache off.
     * Default {@value #DEFAULT_CACHE_BYTES} bytes.
     */
    public QueryOptions withCacheBytes(long cacheBytes) {
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cacheBytes is " + cacheBytes + "; expected 0 (off) or more");
        }
        return new QueryOptions(cacheBytes);
    }

    public long cacheBytes() {
        return cacheBytes;
    }

    @Override
    public String toString() {
        return "QueryOptions[cacheBytes=" + cacheBytes + "]";
    }
}
