package org.pocaduck.spark;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.TaskContext;
import org.pocaduck.Ingestor;
import org.pocaduck.StorageConfig;

/**
 * The exactly-once rule shared by ingestion and scans. Every task attempt writes as its own worker, opened with
 * {@code withCommitRequired()}, so nothing it writes is visible yet; the driver commits the one attempt per partition
 * that Spark returned from the successful job, and only then consolidates. A failed, killed or speculative
 * duplicate attempt is never committed, so its points, flushed or not, never appear.
 */
final class TaskAttempts {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TaskAttempts() {
    }

    /** A new job's tag: the prefix of its attempts' worker ids, unique so that jobs never share a worker. */
    static String newJobTag() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "spark-" + HexFormat.of().formatHex(bytes);
    }

    /** The worker id of the running attempt: distinct for every attempt of every task of every stage attempt. */
    static String workerId(String jobTag) {
        TaskContext task = TaskContext.get();
        return jobTag + "-p" + task.partitionId() + "-s" + task.stageAttemptNumber() + "-a" + task.attemptNumber();
    }

    /**
     * Commits the accepted attempts and returns their worker ids.
     *
     * @throws IllegalStateException if the results are not exactly one per partition (Spark guarantees they are)
     */
    static List<String> commit(StorageConfig config, int partitions, List<AttemptResult> results) {
        boolean[] seen = new boolean[partitions];
        for (AttemptResult result : results) {
            int partition = result.partition();
            if (results.size() != partitions || partition < 0 || partition >= partitions || seen[partition]) {
                throw new IllegalStateException("the job returned " + results.size() + " results for " + partitions
                        + " partitions; expected exactly one per partition");
            }
            seen[partition] = true;
        }
        List<String> committed = new ArrayList<>();
        for (AttemptResult result : results) {
            if (result.workerId() != null) {
                Ingestor.commitWorker(config, result.workerId());
                committed.add(result.workerId());
            }
        }
        return committed;
    }
}
