package org.pocaduck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Bytes a dataset takes on disk, split by role: the Parquet part files that hold the points, the workers' own
 * DuckDB indexes, the consolidated generations' DuckDB indexes, and their label indexes (all that readers read);
 * the index files a reader or a later consolidation needs (the label indexes and lists of part files of the current
 * generation's segments); and the bytes of every file, optimized files and bookkeeping included.
 */
record DiskUsage(long partFiles, long partBytes, long workerIndexBytes, long consolidatedIndexBytes,
        long labelIndexBytes, long neededIndexBytes, long totalBytes) {
    static DiskUsage of(Path base) {
        long[] totals = new long[6];
        try (Stream<Path> files = Files.walk(base)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String name = file.getFileName().toString();
                Path relative = base.relativize(file);
                long size = sizeOf(file);
                totals[5] += size;
                if (relative.startsWith("workers") && name.endsWith(".parquet")) {
                    totals[0]++;
                    totals[1] += size;
                } else if (relative.startsWith("workers") && isDuckDbFile(name)) {
                    totals[2] += size;
                } else if (relative.startsWith("index") && isDuckDbFile(name)) {
                    totals[3] += size;
                } else if (relative.startsWith("index") && name.endsWith(".lookup")) {
                    totals[4] += size;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the dataset at " + base, e);
        }
        return new DiskUsage(totals[0], totals[1], totals[2], totals[3], totals[4], neededIndexBytes(base),
                totals[5]);
    }

    /** The label indexes and lists of part files of the segments the manifest names. */
    private static long neededIndexBytes(Path base) {
        try {
            JsonNode manifest = new ObjectMapper().readTree(base.resolve("pocaduck.json").toFile());
            long bytes = 0;
            for (JsonNode segment : manifest.path("segments")) {
                String index = segment.path("index").asText();
                String stem = index.substring(0, index.length() - ".duckdb".length());
                bytes += sizeOf(base.resolve(stem + ".lookup")) + sizeOf(base.resolve(stem + ".files.parquet"));
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + base, e);
        }
    }

    /** A DuckDB database or its write-ahead log. */
    private static boolean isDuckDbFile(String name) {
        return name.endsWith(".duckdb") || name.endsWith(".duckdb.wal");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // removed while we walked, e.g. a temporary file renamed into place
        }
    }

    long indexBytes() {
        return workerIndexBytes + consolidatedIndexBytes + labelIndexBytes;
    }
}
