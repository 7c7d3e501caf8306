package org.pocaduck.internal.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pocaduck.PointCloud;

/** Recently read point clouds by label, bounded by their memory size; least recently used are evicted first. */
public final class PointCloudCache {
    private final long capacityBytes;
    private final LinkedHashMap<Long, PointCloud> clouds = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    public PointCloudCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    public synchronized PointCloud get(long label) {
        return capacityBytes == 0 ? null : clouds.get(label);
    }

    public synchronized void put(long label, PointCloud cloud) {
        long size = sizeOf(cloud);
        if (size > capacityBytes) {
            return;
        }
        PointCloud previous = clouds.put(label, cloud);
        bytes += size - (previous == null ? 0 : sizeOf(previous));
        var eldest = clouds.entrySet().iterator();
        while (bytes > capacityBytes && eldest.hasNext()) {
            Map.Entry<Long, PointCloud> entry = eldest.next();
            bytes -= sizeOf(entry.getValue());
            eldest.remove();
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
