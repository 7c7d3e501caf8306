package org.pocaduck;

import java.util.Arrays;
import java.util.List;

/** Compares point sets regardless of order. */
final class PointRows {
    private PointRows() {
    }

    /** The rows as text, sorted: equal lists mean equal multisets of points. */
    static List<String> sorted(long[][] rows) {
        return Arrays.stream(rows).map(Arrays::toString).sorted().toList();
    }

    static List<String> sorted(double[][] rows) {
        return Arrays.stream(rows).map(Arrays::toString).sorted().toList();
    }
}
