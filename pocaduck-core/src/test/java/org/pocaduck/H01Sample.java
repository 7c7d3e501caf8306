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

/**
 * The real H01 point sample in the repository's testdata/h01-sample (label,block_id,x,y,z,supervoxel), and what it is expected
 * to answer. Shared with other modules' tests through this module's test jar.
 */
public final class H01Sample {
    /** One label's points in one block, in CSV order. */
    public record Chunk(long label, String blockId, long[][] points) {
    }

    /** One CSV row: its label, block and point (x, y, z, supervoxel). */
    public record Row(long label, String blockId, List<Long> point) {
    }

    /** A label's expected answers from expected.json. */
    public record Expected(long pointCount, List<String> blockIds, long distinctPointCount) {
    }

    public static final Path DIRECTORY = locate();
    public static final Path CSV = DIRECTORY.resolve("points.csv");

    private H01Sample() {
    }

    /** The repository's {@code testdata/h01-sample}, found from the module directory a test runs in. */
    private static Path locate() {
        for (Path candidate = Path.of("").toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            Path fixture = candidate.resolve("testdata/h01-sample");
            if (Files.isDirectory(fixture)) {
                return fixture;
            }
        }
        throw new IllegalStateException("cannot find testdata/h01-sample in " + Path.of("").toAbsolutePath()
                + " or a directory above it");
    }

    /** The rows in CSV order. */
    public static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(CSV);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            rows.add(new Row(Long.parseUnsignedLong(cells[0]), cells[1], List.of(Long.parseLong(cells[2]),
                    Long.parseLong(cells[3]), Long.parseLong(cells[4]), Long.parseLong(cells[5]))));
        }
        return rows;
    }

    /** The rows grouped into chunks, in CSV order (label, then block numerically). */
    public static List<Chunk> chunks() throws IOException {
        Map<String, List<long[]>> grouped = new LinkedHashMap<>();
        Map<String, Row> firstRows = new LinkedHashMap<>();
        for (Row row : rows()) {
            String key = Long.toUnsignedString(row.label()) + "," + row.blockId();
            firstRows.putIfAbsent(key, row);
            grouped.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(row.point().stream().mapToLong(Long::longValue).toArray());
        }
        List<Chunk> chunks = new ArrayList<>();
        grouped.forEach((key, points) -> chunks.add(new Chunk(firstRows.get(key).label(), firstRows.get(key).blockId(),
                points.toArray(long[][]::new))));
        return chunks;
    }

    /** expected.json, keyed by label. */
    public static Map<Long, Expected> expected() throws IOException {
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
