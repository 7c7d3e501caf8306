package org.pocaduck.internal.io;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.pocaduck.PointCloud;

/**
 * Recently read point clouds by label, bounded by their memory size. Lookups from many threads do not wait for one
 * another (Caffeine), where a synchronized map made every reader of a shared {@code Query} queue for it.
 */
public final class PointCloudCache {
    /** Null when the capacity is 0: nothing is cached. */
    private final Cache<Long, PointCloud> clouds;

    public PointCloudCache(long capacityBytes) {
        this.clouds = capacityBytes == 0 ? null : Caffeine.newBuilder().maximumWeight(capacityBytes)
                .weigher((Long label, PointCloud cloud) -> (int) Math.min(Integer.MAX_VALUE, sizeOf(cloud))).build();
    }

    public PointCloud get(long label) {
        return clouds == null ? null : clouds.getIfPresent(label);
    }

    public void put(long label, PointCloud cloud) {
        if (clouds != null) {
            clouds.put(label, cloud);
        }
    }

    private static long sizeOf(PointCloud cloud) {
        long perPoint = 0;
        for (int d = 0; d < cloud.dimensions(); d++) {
            perPoint += cloud.columnType(d).byteWidth();
        }
        return 64 + cloud.size() * perPoint;
    }
}
