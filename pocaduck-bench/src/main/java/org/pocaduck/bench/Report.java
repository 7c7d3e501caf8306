package org.pocaduck.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A benchmark's results: a few facts about the run, then tables. Renders as Markdown and as JSON. */
final class Report {
    private final String title;
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<ReportTable> tables = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    Report fact(String name, Object value) {
        facts.put(name, value);
        return this;
    }

    ReportTable table(String tableTitle, String... columns) {
        ReportTable table = new ReportTable(tableTitle, columns);
        tables.add(table);
        return table;
    }

    /** The facts every benchmark run starts with: when, how it was started, on what, and where it writes. */
    Report describeRun(String commandLine, Path dir, boolean temporaryDir) {
        return fact("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .fact("command line arguments", commandLine.isEmpty() ? "(none)" : commandLine)
                .fact("processors", Runtime.getRuntime().availableProcessors())
                .fact("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .fact("max heap MiB", Runtime.getRuntime().maxMemory() / (double) (1 << 20))
                .fact("JVM arguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .fact("directory", dir + (temporaryDir ? " (temporary; datasets deleted at the end)" : ""));
    }

    /** Prints the Markdown to stdout and writes it, with its JSON twin, as {@code dir/name.md} and {@code .json}. */
    void write(Path dir, String name) throws IOException {
        String markdown = toMarkdown();
        System.out.println(markdown);
        Path markdownFile = dir.resolve(name + ".md");
        Path jsonFile = dir.resolve(name + ".json");
        Files.writeString(markdownFile, markdown);
        Files.writeString(jsonFile, toJson());
        System.err.println("[" + name + "] report written to " + markdownFile + " and " + jsonFile);
    }

    String toMarkdown() {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        facts.forEach((name, value) -> out.append("- ").append(name).append(": ").append(markdownCell(value)).append('\n'));
        for (ReportTable table : tables) {
            out.append("\n## ").append(table.title()).append("\n\n| ");
            out.append(String.join(" | ", table.columns())).append(" |\n|");
            table.columns().forEach(column -> out.append(" --- |"));
            out.append('\n');
            for (List<Object> row : table.rows()) {
                out.append('|');
                row.forEach(cell -> out.append(' ').append(markdownCell(cell)).append(" |"));
                out.append('\n');
            }
            if (!table.note().isEmpty()) {
                out.append('\n').append(table.note()).append('\n');
            }
        }
        return out.toString();
    }

    /** Rounds for reading: integers with thousands separators, other numbers to about three significant digits. */
    private static String markdownCell(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number)) {
                return "–";
            }
            double magnitude = Math.abs(number);
            String pattern = magnitude >= 100 || number == 0 ? "%,.0f" : magnitude >= 10 ? "%.1f"
                    : magnitude >= 1 ? "%.2f" : "%.3f";
            return String.format(Locale.ROOT, pattern, number);
        }
        if (value instanceof Number number) {
            return String.format(Locale.ROOT, "%,d", number.longValue());
        }
        return String.valueOf(value).replace("|", "\\|");
    }

    String toJson() {
        StringBuilder out = new StringBuilder("{\n  \"title\": ").append(jsonValue(title)).append(",\n  \"facts\": {");
        String separator = "\n    ";
        for (Map.Entry<String, Object> fact : facts.entrySet()) {
            out.append(separator).append(jsonValue(fact.getKey())).append(": ").append(jsonValue(fact.getValue()));
            separator = ",\n    ";
        }
        out.append("\n  },\n  \"tables\": [");
        separator = "\n    ";
        for (ReportTable table : tables) {
            out.append(separator).append("{\"title\": ").append(jsonValue(table.title()));
            if (!table.note().isEmpty()) {
                out.append(", \"note\": ").append(jsonValue(table.note()));
            }
            out.append(", \"rows\": [");
            String rowSeparator = "\n      ";
            for (List<Object> row : table.rows()) {
                out.append(rowSeparator).append('{');
                for (int c = 0; c < row.size(); c++) {
                    out.append(c == 0 ? "" : ", ").append(jsonValue(table.columns().get(c))).append(": ")
                            .append(jsonValue(row.get(c)));
                }
                out.append('}');
                rowSeparator = ",\n      ";
            }
            out.append("\n    ]}");
            separator = ",\n    ";
        }
        return out.append("\n  ]\n}\n").toString();
    }

    private static String jsonValue(Object value) {
        if (value instanceof Number number) {
            double asDouble = number.doubleValue();
            return Double.isNaN(asDouble) || Double.isInfinite(asDouble) ? "null" : number.toString();
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        StringBuilder text = new StringBuilder("\"");
        for (char c : String.valueOf(value).toCharArray()) {
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        return text.append('"').toString();
    }
}
