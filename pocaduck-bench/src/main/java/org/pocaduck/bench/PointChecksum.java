package org.pocaduck.bench;

import java.nio.LongBuffer;
import org.pocaduck.PointCloud;

/**
 * An order-independent fingerprint of a multiset of int64 x, y, z points: the sum (modulo 2^64) of a 64-bit hash of
 * each point. Two clouds with the same points in any order, duplicates included, have the same checksum; a point
 * missing, added or changed alters it with overwhelming probability.
 */
final class PointChecksum {
    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    private PointChecksum() {
    }

    static long of(PointCloud points) {
        LongBuffer x = points.longColumn(0);
        LongBuffer y = points.longColumn(1);
        LongBuffer z = points.longColumn(2);
        long sum = 0;
        for (int i = 0; i < points.size(); i++) {
            sum += mix(mix(mix(x.get(i) + GAMMA) + y.get(i)) + z.get(i));
        }
        return sum;
    }

    /** SplitMix64's finalizer: every input bit affects every output bit. */
    static long mix(long value) {
        long z = (value ^ (value >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
