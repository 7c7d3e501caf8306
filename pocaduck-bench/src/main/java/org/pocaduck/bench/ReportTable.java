package org.pocaduck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One titled table of a {@link Report}: named columns, rows of numbers or text, and an optional note under it. */
final class ReportTable {
    private final String title;
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();
    private String note = "";

    ReportTable(String title, String... columns) {
        this.title = title;
        this.columns = List.of(columns);
    }

    /** Adds a row; cells are {@link Number}s (shown rounded, kept exact in JSON) or text. */
    ReportTable row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("table '" + title + "' has " + columns.size() + " columns, got a row of "
                    + cells.length + ": " + Arrays.toString(cells));
        }
        rows.add(Arrays.asList(cells));
        return this;
    }

    ReportTable note(String text) {
        this.note = text;
        return this;
    }

    String title() {
        return title;
    }

    List<String> columns() {
        return columns;
    }

    List<List<Object>> rows() {
        return rows;
    }

    String note() {
        return note;
    }
}
