package org.pocaduck.cli;

import java.io.PrintWriter;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.pocaduck.DatasetFormat;
import org.pocaduck.DatasetStatistics;
import org.pocaduck.PointSchema;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Describes a consolidated dataset from its index: format, generation, size and point schema. */
@Command(
        name = "info",
        description = "Describe the dataset: which library wrote it, format version, current and stored index"
                + " generations, whether it is optimized, labels, points, blocks, part files and bytes on disk, and"
                + " the point schema. Reads only the index.",
        footer = {"", "Example:", "  pocaduck info --base /data/pc --json"})
final class InfoCommand extends DatasetCommand {

    @Option(names = "--json", description = "Print one JSON object instead of lines of text.")
    boolean json;

    @Override
    protected void run(StorageConfig config) {
        try (Query query = Query.open(config)) {
            DatasetStatistics statistics = query.statistics();
            if (json) {
                printJson(config, statistics, query.schema(), query.format());
            } else {
                printText(config, statistics, query.schema(), query.format());
            }
        }
    }

    private void printText(StorageConfig config, DatasetStatistics statistics, PointSchema schema,
            DatasetFormat format) {
        PrintWriter out = out();
        out.println("base: " + config.location());
        out.println("format: " + formatName(format));
        out.println("format version: " + statistics.formatVersion());
        out.println("generation: " + statistics.generation());
        out.println("stored generations: " + (statistics.storedGenerations().isEmpty() ? "(none)"
                : statistics.storedGenerations().stream().map(String::valueOf).collect(Collectors.joining(", "))));
        out.println("optimized: " + optimized(statistics));
        out.println("labels: " + statistics.labels());
        out.println("points: " + statistics.points());
        out.println("blocks: " + statistics.blocks());
        out.println("part files: " + statistics.files());
        out.println("part bytes: " + statistics.partBytes() + bytesPerPoint(statistics));
        out.println("index bytes: " + statistics.indexBytes());
        out.println("schema: " + schema);
    }

    private static String optimized(DatasetStatistics statistics) {
        if (statistics.optimizedRun() == null) {
            return "no";
        }
        long since = statistics.files() - statistics.optimizedFiles();
        return "yes (" + statistics.optimizedRun() + ", " + statistics.optimizedFiles() + " label-contiguous files"
                + (since == 0 ? ")" : "; " + since + " part files ingested since)");
    }

    /** How a person calls the format: the library that wrote it, and the layout read. */
    static String formatName(DatasetFormat format) {
        return switch (format) {
            case POCADUCK -> "PoCADuck for Java";
            case PYTHON -> "Python PoCADuck, blockwise (read-only; convert with pocaduck import)";
            case PYTHON_OPTIMIZED -> "Python PoCADuck, optimized: no block ids (read-only; convert with pocaduck"
                    + " import)";
        };
    }

    private static String bytesPerPoint(DatasetStatistics statistics) {
        return statistics.points() == 0 ? ""
                : String.format(java.util.Locale.ROOT, " (%.2f per point)",
                        (double) statistics.partBytes() / statistics.points());
    }

    private void printJson(StorageConfig config, DatasetStatistics statistics, PointSchema schema,
            DatasetFormat format) {
        StringJoiner columns = new StringJoiner(",", "[", "]");
        for (int i = 0; i < schema.dimensions(); i++) {
            columns.add("{\"name\":" + jsonString(schema.name(i)) + ",\"type\":" + jsonString(schema.type(i).label())
                    + "}");
        }
        out().println("{\"base\":" + jsonString(config.location())
                + ",\"format\":" + jsonString(format.name().toLowerCase(java.util.Locale.ROOT))
                + ",\"format_version\":" + statistics.formatVersion()
                + ",\"generation\":" + statistics.generation()
                + ",\"stored_generations\":" + statistics.storedGenerations()
                + ",\"optimized\":" + statistics.fullyOptimized()
                + ",\"optimized_run\":" + (statistics.optimizedRun() == null ? "null"
                        : jsonString(statistics.optimizedRun()))
                + ",\"optimized_files\":" + statistics.optimizedFiles()
                + ",\"labels\":" + statistics.labels()
                + ",\"points\":" + statistics.points()
                + ",\"blocks\":" + statistics.blocks()
                + ",\"part_files\":" + statistics.files()
                + ",\"part_bytes\":" + statistics.partBytes()
                + ",\"index_bytes\":" + statistics.indexBytes()
                + ",\"schema\":" + columns + "}");
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
