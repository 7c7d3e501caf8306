package org.pocaduck.spark;

import java.io.Serializable;

/**
 * What one task attempt wrote, sent to the driver; Spark returns exactly one per partition of a successful job.
 *
 * @param partition the task's partition
 * @param workerId  the worker id the attempt wrote as, or null when its partition was empty (nothing to commit)
 * @param blocks    blocks scanned (0 for ingestion)
 * @param voxels    voxels looked at (0 for ingestion)
 * @param points    points written
 */
record AttemptResult(int partition, String workerId, long blocks, long voxels, long points) implements Serializable {
}
