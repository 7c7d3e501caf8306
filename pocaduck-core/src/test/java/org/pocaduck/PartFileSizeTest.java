package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's part files are as full as its writes allow: a write that would take the buffer past
 * {@link IngestorOptions#maxPointsPerFile()} flushes the buffer first, so no flush leaves a file of just the few points
 * that overflowed; a single write larger than a file fills whole files and its remainder is written with them.
 */
class PartFileSizeTest {
    private static final int MAX_POINTS_PER_FILE = 1_000;

    @TempDir
    Path base;

    @Test
    void everyFlushWritesFilesAsFullAsTheWritesAllowAndNoneOverTheLimit() throws Exception {
        Random random = new Random(61);
        List<Integer> writes = new ArrayList<>();
        for (int w = 0; w < 300; w++) {
            // Mostly chunks of a few to a few hundred points, now and then one larger than a whole file.
            writes.add(random.nextInt(40) == 0 ? MAX_POINTS_PER_FILE + random.nextInt(2 * MAX_POINTS_PER_FILE)
                    : 1 + random.nextInt(random.nextBoolean() ? 20 : 400));
        }
        StorageConfig config = StorageConfig.local(base);
        try (Ingestor ingestor = Ingestor.open(config, "w0",
                IngestorOptions.defaults().withMaxPointsPerFile(MAX_POINTS_PER_FILE))) {
            for (int w = 0; w < writes.size(); w++) {
                long[][] points = new long[writes.get(w)][];
                for (int p = 0; p < points.length; p++) {
                    points[p] = new long[] {w, p, random.nextInt(1_000)};
                }
                ingestor.write(random.nextInt(50), "block_" + random.nextInt(8), points);
            }
        }

        assertThat(partFilePoints(base.resolve("workers/w0"))).containsExactlyElementsOf(expectedFiles(writes));
    }

    /** The files a buffer of at most one file's points makes of the writes, flushing before one would overflow it. */
    private static List<Long> expectedFiles(List<Integer> writes) {
        List<Long> files = new ArrayList<>();
        long buffered = 0;
        for (int size : writes) {
            if (buffered > 0 && buffered + size > MAX_POINTS_PER_FILE) {
                files.add(buffered);
                buffered = 0;
            }
            buffered += size;
            if (buffered >= MAX_POINTS_PER_FILE) {
                for (; buffered > 0; buffered -= Math.min(buffered, MAX_POINTS_PER_FILE)) {
                    files.add(Math.min(buffered, MAX_POINTS_PER_FILE));
                }
            }
        }
        if (buffered > 0) {
            files.add(buffered);
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
