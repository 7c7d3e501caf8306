package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers opened with {@code commitRequired} (task attempts of an engine that retries and duplicates tasks) stay
 * invisible until committed: duplicates of a task written by several attempts are counted once.
 */
class CommitRequiredTest {
    private static final IngestorOptions ATTEMPT = IngestorOptions.defaults().withCommitRequired()
            .withMaxPointsPerFile(40);

    @TempDir
    Path temp;

    @Test
    void onlyCommittedAttemptsBecomeVisible() {
        StorageConfig config = StorageConfig.local(temp.resolve("ds"));
        long[][] task0 = randomPoints(new Random(7), 130);
        long[][] task1 = randomPoints(new Random(8), 90);
        write(config, "task-0-attempt-0", 5, task0.length / 2, task0);   // failed midway, never committed
        write(config, "task-0-attempt-1", 5, task0.length, task0);
        write(config, "task-1-attempt-0", 6, task1.length, task1);
        write(config, "task-1-attempt-1", 6, task1.length, task1);       // speculative duplicate
        try (Ingestor plain = Ingestor.open(config, "plain")) {
            plain.write(7, "b", new long[][] {{1, 2, 3}});
        }
        Ingestor.commitWorker(config, "task-0-attempt-1");
        Ingestor.commitWorker(config, "task-1-attempt-0");

        ConsolidationSummary summary = Ingestor.consolidateIndexes(config);

        assertThat(summary.workers()).containsExactly("plain", "task-0-attempt-1", "task-1-attempt-0");
        assertThat(summary.uncommittedWorkers()).containsExactly("task-0-attempt-0", "task-1-attempt-1");
        try (Query query = Query.open(config)) {
            assertThat(query.getPointCount(5)).isEqualTo(task0.length);
            assertThat(query.getPointCount(6)).isEqualTo(task1.length);
            assertThat(query.getPointCount(7)).isEqualTo(1);
            assertThat(PointRows.sorted(query.getPoints(5).toLongArray())).isEqualTo(PointRows.sorted(task0));
        }
    }

    @Test
    void discardingAnUncommittedAttemptLetsTheSameWorkerIdStartAfresh() {
        StorageConfig config = StorageConfig.local(temp.resolve("ds"));
        long[][] points = randomPoints(new Random(9), 100);
        write(config, "retried", 5, 60, points);                            // killed after flushing part files

        assertThat(Ingestor.discardUncommitted(config, "retried")).isTrue();
        write(config, "retried", 5, points.length, points);
        Ingestor.commitWorker(config, "retried");

        assertThat(Ingestor.consolidateIndexes(config).points()).isEqualTo(points.length);
        assertThat(Ingestor.discardUncommitted(config, "never-opened")).isFalse();
        assertThatThrownBy(() -> Ingestor.discardUncommitted(config, "retried"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part of the dataset");
        try (Ingestor open = Ingestor.open(config, "open-attempt", ATTEMPT)) {
            open.write(1, "b", new long[][] {{1, 2, 3}});
            open.flush();
            assertThatThrownBy(() -> Ingestor.discardUncommitted(config, "open-attempt"))
                    .isInstanceOf(WorkerInUseException.class).hasMessageContaining("open-attempt");
        }
    }

    @Test
    void anOpenOrUnknownWorkerCannotBeCommitted() {
        StorageConfig config = StorageConfig.local(temp.resolve("ds"));
        try (Ingestor open = Ingestor.open(config, "open-attempt", ATTEMPT)) {
            open.write(1, "b", new long[][] {{1, 2, 3}});
            assertThatThrownBy(() -> Ingestor.commitWorker(config, "open-attempt"))
                    .isInstanceOf(WorkerInUseException.class).hasMessageContaining("open-attempt");
        }
        assertThatThrownBy(() -> Ingestor.commitWorker(config, "never-opened"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never-opened");
        assertThat(Ingestor.consolidateIndexes(config).points()).isZero();
    }

    private static void write(StorageConfig config, String workerId, long label, int count, long[][] points) {
        try (Ingestor ingestor = Ingestor.open(config, workerId, ATTEMPT)) {
            for (int i = 0; i < count; i++) {
                ingestor.write(label, "block-" + (i % 3), new long[][] {points[i]});
            }
        }
    }

    private static long[][] randomPoints(Random random, int count) {
        long[][] points = new long[count][3];
        for (long[] point : points) {
            for (int d = 0; d < 3; d++) {
                point[d] = random.nextInt(1000);
            }
        }
        return points;
    }
}
