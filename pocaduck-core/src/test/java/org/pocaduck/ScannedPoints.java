package org.pocaduck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pocaduck.RandomLabelVolume.Voxel;

/** Collects what a {@link BlockScanner} hands out: each label's voxels (x, y, z), in the order the labels came. */
final class ScannedPoints implements BlockScanner.PointSink {

    private final Map<Long, Set<Voxel>> byLabel = new LinkedHashMap<>();
    private final List<Long> order = new ArrayList<>();
    private int duplicates;

    @Override
    public void accept(long label, PointCloud points) {
        order.add(label);
        Set<Voxel> voxels = byLabel.computeIfAbsent(label, l -> new HashSet<>());
        long[][] rows = points.toLongArray();
        for (long[] row : rows) {
            if (!voxels.add(new Voxel(row[0], row[1], row[2]))) {
                duplicates++;
            }
        }
    }

    Map<Long, Set<Voxel>> byLabel() {
        return byLabel;
    }

    Set<Voxel> of(long label) {
        return byLabel.getOrDefault(label, Set.of());
    }

    /** The labels in the order the sink received them (one entry per call). */
    List<Long> order() {
        return order;
    }

    /** Voxels received more than once for the same label; a scan never repeats one. */
    int duplicates() {
        return duplicates;
    }
}
