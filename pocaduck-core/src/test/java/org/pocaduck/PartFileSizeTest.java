package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's part files are full: once the buffer holds {@link IngestorOptions#maxPointsPerFile()} points, the full
 * files it makes are written and the rest stays buffered for the next, so no flush leaves a file of just the few
 * points that overflowed; only the flush at close writes a smaller one.
 */
class PartFileSizeTest {
    private static final int MAX_POINTS_PER_FILE = 1_000;

    @TempDir
    Path base;

    @Test
    void everyPartFileIsFullButTheLastOne() throws Exception {
        Random random = new Random(61);
        List<Integer> writes = new ArrayList<>();
        for (int w = 0; w < 300; w++) {
            // Mostly chunks of a few to a few hundred points, now and then one larger than a whole file.
            writes.add(random.nextInt(40) == 0 ? MAX_POINTS_PER_FILE + random.nextInt(2 * MAX_POINTS_PER_FILE)
                    : 1 + random.nextInt(random.nextBoolean() ? 20 : 400));
        }
        StorageConfig config = StorageConfig.local(base);
        Map<Long, List<String>> written = new HashMap<>();
        try (Ingestor ingestor = Ingestor.open(config, "w0",
                IngestorOptions.defaults().withMaxPointsPerFile(MAX_POINTS_PER_FILE))) {
            for (int w = 0; w < writes.size(); w++) {
                long label = random.nextInt(50);
                long[][] points = new long[writes.get(w)][];
                for (int p = 0; p < points.length; p++) {
                    points[p] = new long[] {w, p, random.nextInt(1_000)};
                    written.computeIfAbsent(label, l -> new ArrayList<>()).add(Arrays.toString(points[p]));
                }
                ingestor.write(label, "block_" + random.nextInt(8), points);
            }
        }

        assertThat(partFilePoints(base.resolve("workers/w0"))).containsExactlyElementsOf(expectedFiles(writes));
        // The points kept buffered from one file to the next are the ones written, once each.
        Ingestor.consolidateIndexes(config);
        try (Query query = Query.open(config)) {
            for (Map.Entry<Long, List<String>> label : written.entrySet()) {
                assertThat(Arrays.stream(query.getPoints(label.getKey()).toLongArray()).map(Arrays::toString))
                        .as("points of label %d", label.getKey()).containsExactlyInAnyOrderElementsOf(label.getValue());
            }
        }
    }

    /** Full files of the written points, then one of what is left at close. */
    private static List<Long> expectedFiles(List<Integer> writes) {
        long points = writes.stream().mapToLong(Integer::longValue).sum();
        List<Long> files = new ArrayList<>();
        for (long written = 0; written < points; written += MAX_POINTS_PER_FILE) {
            files.add(Math.min(MAX_POINTS_PER_FILE, points - written));
        }
        return files;
    }

    /** The rows of each of the worker's part files, in part order, as any Parquet reader counts them. */
    private static List<Long> partFilePoints(Path worker) throws Exception {
        List<Path> parts;
        try (Stream<Path> listing = Files.list(worker)) {
            parts = listing.filter(file -> file.getFileName().toString().matches("part-\\d+\\.parquet")).sorted()
                    .toList();
        }
        List<Long> points = new ArrayList<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement count = duckdb.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
            for (Path part : parts) {
                count.setString(1, part.toString());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    points.add(rows.getLong(1));
                }
            }
        }
        return points;
    }
}
