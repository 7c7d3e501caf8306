package org.pocaduck.internal.upstream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a Python dataset's index against its files: index rows repeated by a consolidation run more than once,
 * rows without a label or file, files the index names that are missing, and (label, file) pairs whose row count in
 * the file differs from the index's. Reads each file's label column once.
 */
final class UpstreamVerifier {
    /** Repeated rows named one by one; beyond this, one line says how many more there are. */
    private static final int REPEATED_ROWS_NAMED = 20;

    private final UpstreamIndex index;
    private final UpstreamLayout layout;
    private final String indexName;

    UpstreamVerifier(UpstreamIndex index) {
        this.index = index;
        this.layout = index.layout();
        this.indexName = layout.base().relativize(index.file()).toString();
    }

    /** @param readData whether to count each file's rows per label, not only check that the file exists */
    List<String> verify(boolean readData) {
        List<String> problems = new ArrayList<>();
        reportRepeatedRows(problems);
        if (index.incompleteRows() > 0) {
            problems.add(indexName + ": " + index.incompleteRows() + " index rows have no label or no file_path;"
                    + " no query reaches them");
        }
        for (String stored : index.files()) {
            checkFile(stored, readData, problems);
        }
        return problems;
    }

    private void reportRepeatedRows(List<String> problems) {
        for (UpstreamIndex.RepeatedRow row : index.repeatedRows(REPEATED_ROWS_NAMED)) {
            problems.add(indexName + ": index row (label " + Long.toUnsignedString(row.label())
                    + (row.blockId() == null ? "" : ", block " + row.blockId()) + ", file " + fileName(row.filePath())
                    + ", " + row.pointCount() + " points) appears " + row.repeats() + " times, counted " + row.copies()
                    + (row.copies() == 1 ? " time" : " times")
                    + ": the Python consolidation was run more than once");
        }
        long more = index.repeatedRowCount() - REPEATED_ROWS_NAMED;
        if (more > 0) {
            problems.add(indexName + ": and " + more + " more repeated index rows");
        }
    }

    private void checkFile(String stored, boolean readData, List<String> problems) {
        String name = fileName(stored);
        Path file;
        try {
            file = layout.resolve(stored);
        } catch (RuntimeException e) {
            problems.add(name + ": " + e.getMessage());
            return;
        }
        if (!Files.isRegularFile(file)) {
            problems.add(name + ": missing (the index names " + stored + ")");
            return;
        }
        if (!readData) {
            return;
        }
        Map<Long, Long> expected = index.pointsInFile(stored);
        Map<Long, Long> actual;
        try {
            actual = rowsByLabel(file);
        } catch (RuntimeException e) {
            problems.add(name + ": unreadable: " + e.getMessage());
            return;
        }
        expected.forEach((label, count) -> {
            long found = actual.getOrDefault(label, 0L);
            if (found != count) {
                problems.add(name + ": label " + Long.toUnsignedString(label) + " has " + found
                        + " rows, the index says " + count);
            }
        });
        actual.forEach((label, count) -> {
            if (!expected.containsKey(label)) {
                problems.add(name + ": " + count + " rows of label " + Long.toUnsignedString(label)
                        + " are not in the index; no query reaches them");
            }
        });
    }

    private Map<Long, Long> rowsByLabel(Path file) {
        return index.connections().run("counting the rows of " + file, duck -> {
            Map<Long, Long> counts = new LinkedHashMap<>();
            try (PreparedStatement statement = duck.prepareStatement(
                    "SELECT label, count(*) FROM read_parquet(?) GROUP BY label")) {
                statement.setString(1, file.toString());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getLong(1), rows.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    /** A stored path as a name under the base; the stored path itself when it cannot be placed there. */
    private String fileName(String stored) {
        try {
            return layout.relativeName(stored);
        } catch (RuntimeException e) {
            return stored;
        }
    }
}
