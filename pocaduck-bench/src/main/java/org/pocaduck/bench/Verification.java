package org.pocaduck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.pocaduck.PointCloud;

/**
 * Checks the answers a benchmark receives against the generated volume, so that a fast but wrong library cannot
 * post good numbers. Keeps the first few failures for the report.
 */
final class Verification {
    private static final int KEPT_FAILURES = 20;
    private static final Comparator<long[]> ROW_ORDER = Arrays::compare;

    private long checks;
    private long failures;
    private final List<String> failureMessages = new ArrayList<>();

    synchronized void check(boolean passed, Supplier<String> failure) {
        checks++;
        if (!passed) {
            failures++;
            if (failureMessages.size() < KEPT_FAILURES) {
                failureMessages.add(failure.get());
            }
        }
    }

    /** Checks that the cloud holds exactly the label's generated points, in any order. */
    void checkPoints(SyntheticVolume volume, int labelIndex, PointCloud cloud) {
        String label = Long.toUnsignedString(volume.label(labelIndex));
        if (cloud.size() != volume.labelSize(labelIndex)) {
            check(false, () -> "getPoints(" + label + ") returned " + cloud.size() + " points, expected "
                    + volume.labelSize(labelIndex));
            return;
        }
        long[][] expected = volume.labelRows(labelIndex);
        long[][] actual = cloud.toLongArray();
        Arrays.sort(expected, ROW_ORDER);
        Arrays.sort(actual, ROW_ORDER);
        check(Arrays.deepEquals(expected, actual), () -> "getPoints(" + label + ") returned the right number of "
                + "points but not the generated coordinates");
    }

    /** Adds the table of checks and the first failures to the report. */
    void addTo(Report report) {
        ReportTable table = report.table("Verification of answers", "checks", "failures", "first failures");
        List<String> messages = failureMessages();
        table.row(checks(), failures(), messages.isEmpty() ? "" : messages.get(0));
        messages.stream().skip(1).forEach(message -> table.row("", "", message));
    }

    synchronized long checks() {
        return checks;
    }

    synchronized long failures() {
        return failures;
    }

    synchronized List<String> failureMessages() {
        return List.copyOf(failureMessages);
    }
}
