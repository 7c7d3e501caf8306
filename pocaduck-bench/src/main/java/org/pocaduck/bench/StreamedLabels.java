package org.pocaduck.bench;

import java.util.stream.LongStream;
import org.pocaduck.Query;

/** Times {@link Query#streamLabels()}, comparing each label as it comes with what {@code getLabels()} returned. */
final class StreamedLabels {
    private StreamedLabels() {
    }

    /** Milliseconds to stream every label; a label unlike the array's, or another count, is a verification failure. */
    static double millis(Query query, long[] labels, Verification verification) {
        long[] streamed = {0, 0};
        long start = System.nanoTime();
        try (LongStream stream = query.streamLabels()) {
            stream.forEach(label -> {
                int at = (int) streamed[0]++;
                streamed[1] += at < labels.length && labels[at] == label ? 0 : 1;
            });
        }
        double millis = (System.nanoTime() - start) / 1e6;
        verification.check(streamed[0] == labels.length && streamed[1] == 0, () -> "streamLabels() gave "
                + streamed[0] + " labels, " + streamed[1] + " of them unlike getLabels()'s " + labels.length);
        return millis;
    }
}
