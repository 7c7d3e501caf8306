package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.pocaduck.storage.ObjectStore;

/**
 * Datasets written on disk and uploaded to an object store as they are, and the check that the store answers like
 * the disk. Shared by the object-store modules' tests.
 */
public final class StoredDatasets {
    private StoredDatasets() {
    }

    /** The H01 sample ingested by two workers (blocks split between them) and consolidated at {@code base}. */
    public static StorageConfig writeH01(Path base) throws IOException {
        return writeH01(StorageConfig.local(base));
    }

    /** The H01 sample ingested by two workers (blocks split between them) and consolidated at {@code config}. */
    public static StorageConfig writeH01(StorageConfig config) throws IOException {
        try (Ingestor even = Ingestor.open(config, "0"); Ingestor odd = Ingestor.open(config, "1")) {
            for (H01Sample.Chunk chunk : H01Sample.chunks()) {
                (chunk.blockId().hashCode() % 2 == 0 ? even : odd).write(chunk.label(), chunk.blockId(),
                        chunk.points());
            }
        }
        Ingestor.consolidateIndexes(config);
        return config;
    }

    /** Uploads every file of the dataset at {@code base} under the same relative key. */
    public static void upload(Path base, ObjectStore store) throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                store.upload(base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"), file);
            }
        }
    }

    /** Asserts that {@code stored} answers every question exactly as {@code disk} does. */
    public static void assertSameAnswers(Query disk, Query stored) {
        assertThat(stored.getLabels()).containsExactly(disk.getLabels());
        for (long label : disk.getLabels()) {
            assertThat(stored.getPointCount(label)).isEqualTo(disk.getPointCount(label));
            assertThat(stored.getBlocksForLabel(label)).isEqualTo(disk.getBlocksForLabel(label));
            assertThat(stored.getPoints(label)).isEqualTo(disk.getPoints(label));
        }
        assertThat(stored.getPoints(disk.getLabels())).isEqualTo(disk.getPoints(disk.getLabels()));
        assertThat(stored.statistics()).isEqualTo(disk.statistics());
        assertThat(stored.verify()).isEmpty();
        assertSameSpatialAnswers(disk, stored);
    }

    /**
     * Spatial queries answer alike on both and exactly what a brute-force filter of each label's points finds, for
     * seeded random boxes within the points' extent (one with a side on a point, one empty) and every block.
     */
    public static void assertSameSpatialAnswers(Query disk, Query stored) {
        long[] labels = disk.getLabels();
        Map<Long, PointCloud> all = disk.getPoints(labels);
        double[] low = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] high = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        all.values().forEach(points -> {
            for (int i = 0; i < points.size(); i++) {
                for (int d = 0; d < 3; d++) {
                    low[d] = Math.min(low[d], points.getDouble(i, d));
                    high[d] = Math.max(high[d], points.getDouble(i, d));
                }
            }
        });
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 8; i++) {
            double[] min = new double[3];
            double[] max = new double[3];
            for (int d = 0; d < 3; d++) {
                min[d] = low[d] + random.nextDouble() * (high[d] - low[d]);
                max[d] = i == 0 ? min[d] : min[d] + random.nextDouble() * (high[d] - low[d]) / 2;
            }
            if (i == 1) {
                PointCloud some = all.get(labels[random.nextInt(labels.length)]);
                int row = random.nextInt(some.size());
                for (int d = 0; d < 3; d++) {
                    min[d] = some.getDouble(row, d);
                    max[d] = min[d] + 1;
                }
            }
            Box box = Box.of(min, max);
            Map<Long, PointCloud> inside = new LinkedHashMap<>();
            all.forEach((label, points) -> inside.put(label, inside(points, box)));
            long[] expected = inside.entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                    .mapToLong(Map.Entry::getKey).toArray();
            assertThat(disk.getLabels(box)).as("%s", box).containsExactly(expected);
            assertThat(stored.getLabels(box)).as("%s", box).containsExactly(expected);
            assertThat(Arrays.stream(stored.getLabelsPossiblyInBox(box)).boxed().toList())
                    .containsAll(Arrays.stream(expected).boxed().toList());
            assertThat(stored.getPoints(labels, box)).as("%s", box).isEqualTo(inside)
                    .isEqualTo(disk.getPoints(labels, box));
        }
        Map<String, List<Long>> labelsByBlock = new TreeMap<>();
        for (long label : labels) {
            disk.getBlocksForLabel(label).forEach(block -> labelsByBlock.computeIfAbsent(block,
                    b -> new ArrayList<>()).add(label));
        }
        labelsByBlock.forEach((block, expected) -> {
            long[] inBlock = expected.stream().mapToLong(Long::longValue).toArray();
            assertThat(disk.getLabelsInBlock(block)).as("block %s", block).containsExactly(inBlock);
            assertThat(stored.getLabelsInBlock(block)).as("block %s", block).containsExactly(inBlock);
        });
    }

    /** The points inside the box, by a plain comparison of each point's first three values. */
    private static PointCloud inside(PointCloud points, Box box) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            boolean in = true;
            for (int d = 0; d < box.dimensions(); d++) {
                in &= points.getDouble(i, d) >= box.min(d) && points.getDouble(i, d) < box.max(d);
            }
            if (in) {
                rows.add(i);
            }
        }
        long[][] columns = new long[points.dimensions()][rows.size()];
        for (int d = 0; d < columns.length; d++) {
            for (int r = 0; r < rows.size(); r++) {
                columns[d][r] = points.getLong(rows.get(r), d);
            }
        }
        return PointCloud.ofColumns(points.schema(), (Object[]) columns);
    }
}
