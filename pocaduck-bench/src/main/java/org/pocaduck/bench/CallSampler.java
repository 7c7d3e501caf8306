package org.pocaduck.bench;

import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * Times one call after another and summarises their durations. Each result is handed to a checker after its clock
 * has stopped, so checking answers costs the measurement nothing.
 */
final class CallSampler {
    private CallSampler() {
    }

    /**
     * Makes up to {@code calls} calls, {@code call.apply(0)}, {@code call.apply(1)}, ..., stopping early once
     * {@code budgetNanos} of call time has been spent (at least one call is always made).
     */
    static <T> LatencyStats sample(int calls, long budgetNanos, IntFunction<T> call, ObjIntConsumer<T> check) {
        long[] durations = new long[calls];
        long spent = 0;
        int made = 0;
        while (made < calls && (made == 0 || spent < budgetNanos)) {
            long start = System.nanoTime();
            T result = call.apply(made);
            long duration = System.nanoTime() - start;
            check.accept(result, made);
            durations[made++] = duration;
            spent += duration;
        }
        return LatencyStats.of(durations, made);
    }

    /** Runs the calls untimed, to let the JIT compile the paths that are about to be measured. */
    static void warmUp(int calls, IntFunction<?> call) {
        for (int i = 0; i < calls; i++) {
            call.apply(i);
        }
    }
}
