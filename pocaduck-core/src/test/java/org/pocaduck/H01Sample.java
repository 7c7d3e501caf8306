package org.pocaduck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real H01 point sample in ../shared/fixtures/h01-sample, and what it is expected to answer. */
final class H01Sample {
    /** One label's points in one block, in CSV order. */
    record Chunk(long label, String blockId, long[][] points) {
    }

    /** A label's expected answers from expected.json. */
    record Expected(long pointCount, List<String> blockIds, long distinctPointCount) {
    }

    static final Path DIRECTORY = locate();

    private H01Sample() {
    }

    private static Path locate() {
        for (Path candidate = Path.of("").toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            Path fixture = candidate.resolve("shared/fixtures/h01-sample");
            if (Files.isDirectory(fixture)) {
                return fixture;
            }
            Path sibling = candidate.resolveSibling("shared").resolve("fixtures/h01-sample");
            if (Files.isDirectory(sibling)) {
                return sibling;
            }
        }
        throw new IllegalStateException("cannot find shared/fixtures/h01-sample above " + Path.of("").toAbsolutePath());
    }

    /** Chunks in CSV order (label, then block numerically). */
    static List<Chunk> chunks() throws IOException {
        Map<String, List<long[]>> grouped = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(DIRECTORY.resolve("points.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            grouped.computeIfAbsent(cells[0] + "," + cells[1], key -> new ArrayList<>()).add(new long[] {
                Long.parseLong(cells[2]), Long.parseLong(cells[3]), Long.parseLong(cells[4]), Long.parseLong(cells[5])});
        }
        List<Chunk> chunks = new ArrayList<>();
        grouped.forEach((key, points) -> {
            String[] parts = key.split(",");
            chunks.add(new Chunk(Long.parseUnsignedLong(parts[0]), parts[1], points.toArray(long[][]::new)));
        });
        return chunks;
    }

    /** expected.json, keyed by label. */
    static Map<Long, Expected> expected() throws IOException {
        String json = Files.readString(DIRECTORY.resolve("expected.json"));
        Map<Long, Expected> expected = new TreeMap<>(Long::compareUnsigned);
        Matcher entry = Pattern.compile("\"(\\d+)\":\\s*\\{\\s*\"block_ids\":\\s*\\[([^\\]]*)\\],\\s*"
                + "\"distinct_point_count\":\\s*(\\d+),\\s*\"point_count\":\\s*(\\d+)").matcher(json);
        while (entry.find()) {
            List<String> blocks = new ArrayList<>();
            Matcher block = Pattern.compile("\"([^\"]+)\"").matcher(entry.group(2));
            while (block.find()) {
                blocks.add(block.group(1));
            }
            expected.put(Long.parseUnsignedLong(entry.group(1)), new Expected(Long.parseLong(entry.group(4)), blocks,
                    Long.parseLong(entry.group(3))));
        }
        if (expected.size() != 6) {
            throw new IllegalStateException("expected.json should describe 6 labels, parsed " + expected.size());
        }
        return expected;
    }
}
