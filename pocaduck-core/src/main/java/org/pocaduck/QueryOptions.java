package org.pocaduck;

/**
 * How a {@link Query} reads. Immutable; change with the {@code with...} methods.
 */
public final class QueryOptions {
    /** Default cache of decoded point clouds: 256 MiB. */
    public static final long DEFAULT_CACHE_BYTES = 256L << 20;

    private static final QueryOptions DEFAULTS = new QueryOptions(DEFAULT_CACHE_BYTES, false);

    private final long cacheBytes;
    private final boolean deduplicate;

    private QueryOptions(long cacheBytes, boolean deduplicate) {
        this.cacheBytes = cacheBytes;
        this.deduplicate = deduplicate;
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
        return new QueryOptions(cacheBytes, deduplicate);
    }

    /**
     * Whether {@link Query#getPoints} returns each distinct point of a label once, sorted lexicographically by
     * column values (integers as signed numbers) — what the Python PoCADuck's unoptimized {@code get_points} returns
     * ({@code np.unique(points, axis=0)}). Default {@code false}: every stored point, duplicates included, in storage
     * order, so that {@code getPoints(label).size() == getPointCount(label)}. Counts are never deduplicated.
     */
    public QueryOptions withDeduplication(boolean deduplicate) {
        return new QueryOptions(cacheBytes, deduplicate);
    }

    public long cacheBytes() {
        return cacheBytes;
    }

    public boolean deduplicate() {
        return deduplicate;
    }

    @Override
    public String toString() {
        return "QueryOptions[cacheBytes=" + cacheBytes + ", deduplicate=" + deduplicate + "]";
    }
}
