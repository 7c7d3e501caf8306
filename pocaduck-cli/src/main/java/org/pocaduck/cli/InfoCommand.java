package org.pocaduck.cli;

import java.io.PrintWriter;
import java.util.StringJoiner;
import org.pocaduck.PointSchema;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Describes a consolidated dataset: its index generation, size and point schema. */
@Command(
        name = "info",
        description = "Describe the dataset: its current index generation, number of labels and points, and the"
                + " point schema.",
        footer = {"", "Example:", "  pocaduck info --base /data/pc --json"})
final class InfoCommand extends DatasetCommand {

    @Option(names = "--json", description = "Print one JSON object instead of lines of text.")
    boolean json;

    @Override
    protected void run(StorageConfig config) {
        try (Query query = Query.open(config)) {
            long[] labels = query.getLabels();
            long points = 0;
            for (long label : labels) {
                points += query.getPointCount(label);
            }
            if (json) {
                printJson(config, query.generation(), labels.length, points, query.schema());
            } else {
                printText(config, query.generation(), labels.length, points, query.schema());
            }
        }
    }

    private void printText(StorageConfig config, long generation, int labels, long points, PointSchema schema) {
        PrintWriter out = out();
        out.println("base: " + config.base());
        out.println("generation: " + generation);
        out.println("labels: " + labels);
        out.println("points: " + points);
        out.println("schema: " + schema);
    }

    private void printJson(StorageConfig config, long generation, int labels, long points, PointSchema schema) {
        StringJoiner columns = new StringJoiner(",", "[", "]");
        for (int i = 0; i < schema.dimensions(); i++) {
            columns.add("{\"name\":" + jsonString(schema.name(i)) + ",\"type\":" + jsonString(schema.type(i).label())
                    + "}");
        }
        out().println("{\"base\":" + jsonString(config.base().toString())
                + ",\"generation\":" + generation
                + ",\"labels\":" + labels
                + ",\"points\":" + points
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
