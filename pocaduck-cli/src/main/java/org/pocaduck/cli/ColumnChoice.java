package org.pocaduck.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which input columns hold the label, the block id and the points. Without explicit point columns an input uses
 * {@code x, y, z} and then every further numeric column, in file order.
 */
record ColumnChoice(String labelColumn, String blockColumn, List<String> pointColumns) {

    static final List<String> POSITION = List.of("x", "y", "z");

    /** Column names go into SQL (quoted): plain identifiers only, so no name can change the statement. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    ColumnChoice {
        requireIdentifier(labelColumn);
        requireIdentifier(blockColumn);
        if (pointColumns != null) {
            pointColumns.forEach(ColumnChoice::requireIdentifier);
            pointColumns = List.copyOf(pointColumns);
        }
    }

    boolean explicit() {
        return pointColumns != null;
    }

    static String quote(String identifier) {
        return '"' + identifier + '"';
    }

    /**
     * The default point columns among {@code available} (numeric columns, in file order): x, y, z, then every other
     * one that is neither the label nor the block id.
     */
    List<String> defaultPointColumns(List<String> available) {
        List<String> chosen = new ArrayList<>(POSITION);
        for (String name : available) {
            if (!POSITION.contains(name) && !name.equals(labelColumn) && !name.equals(blockColumn)) {
                chosen.add(name);
            }
        }
        return chosen;
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("column name '" + name
                    + "' is not an identifier (letters, digits and '_', not starting with a digit)");
        }
    }
}
