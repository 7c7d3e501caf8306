package org.pocaduck.spark;

import java.util.function.Supplier;
import org.pocaduck.PocaduckException;

/**
 * Runs a Spark action and turns its failure into the exception the caller would get without Spark: a task's
 * {@link IllegalArgumentException} (bad input found in the data) reaches the driver wrapped in Spark's job failure,
 * and is rethrown with its own message.
 */
final class SparkJobs {
    private SparkJobs() {
    }

    static <T> T run(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof IllegalArgumentException) {
                    throw new IllegalArgumentException(cause.getMessage(), e);
                }
                if (cause instanceof PocaduckException) {
                    throw new PocaduckException(what + " failed: " + cause.getMessage(), e);
                }
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new PocaduckException(what + " failed: " + e.getMessage(), e);
        }
    }
}
