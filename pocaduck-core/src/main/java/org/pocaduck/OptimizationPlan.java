package org.pocaduck;

/**
 * An optimization run as planned: every worker of the run reads the same plan.
 *
 * @param run              the run's directory, relative to the dataset base
 * @param sourceGeneration the consolidated generation the run rewrites
 * @param shards           shards (consecutive label ranges) to optimize
 * @param points           points the shards read
 * @param targetFilePoints points per optimized file the run aims at
 * @param deduplicate      whether identical points of a label are stored once
 */
public record OptimizationPlan(String run, long sourceGeneration, int shards, long points, long targetFilePoints,
        boolean deduplicate) {
}
