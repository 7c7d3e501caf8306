package org.pocaduck.internal.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.pocaduck.PocaduckException;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * The plan of one optimization run ({@code compact/run-<generation>/plan.json}), fixed before any shard is written so
 * that independent workers agree on it: which generation is rewritten, the shards (consecutive label ranges, in
 * unsigned order), the options, and which data the run replaces once committed — the previous run's files and every
 * worker part up to a part number per worker. Worker part numbers only grow, so "up to" is exact and a worker that
 * ingests after the plan is seen by the next consolidation.
 *
 * @param sourceGeneration the consolidated generation the run rewrites
 * @param sourceIndex      that generation's index file, relative to the base
 * @param baseRun          the optimization run the source generation was built on, or null
 * @param targetFilePoints points per output file the shards aim at
 * @param deduplicate      whether identical points of a label are stored once
 * @param shardFirstLabels first label of each shard
 * @param shardLastLabels  last label of each shard (inclusive)
 * @param shardPoints      points each shard reads
 * @param replacedParts    per worker id, the highest part number the run replaces
 */
public record RunPlan(long sourceGeneration, String sourceIndex, String baseRun, long targetFilePoints,
        boolean deduplicate, long[] shardFirstLabels, long[] shardLastLabels, long[] shardPoints,
        Map<String, Integer> replacedParts) {

    public RunPlan {
        replacedParts = Map.copyOf(replacedParts);
    }

    public int shards() {
        return shardFirstLabels.length;
    }

    public long points() {
        return Arrays.stream(shardPoints).sum();
    }

    /** The highest part of {@code workerId} this run replaces; 0 when it replaces none. */
    public int replacedPart(String workerId) {
        return replacedParts.getOrDefault(workerId, 0);
    }

    /** The run directory of this plan, relative to the base. */
    public String run() {
        return DatasetLayout.optimizationRun(sourceGeneration);
    }

    /** Every value written is a number, a boolean or one of our own safe names, so no escaping is needed. */
    public String toJson() {
        ObjectNode json = JsonDocument.newObject();
        json.put("source_generation", sourceGeneration);
        json.put("source_index", sourceIndex);
        json.put("base_run", baseRun);
        json.put("target_file_points", targetFilePoints);
        json.put("deduplicate", deduplicate);
        ArrayNode shards = json.putArray("shards");
        for (int s = 0; s < shards(); s++) {
            shards.addObject().put("first", Long.toUnsignedString(shardFirstLabels[s]))
                    .put("last", Long.toUnsignedString(shardLastLabels[s])).put("points", shardPoints[s]);
        }
        ArrayNode replaced = json.putArray("replaced_parts");
        for (Map.Entry<String, Integer> entry : new TreeMap<>(replacedParts).entrySet()) {
            replaced.addObject().put("worker", entry.getKey()).put("part", entry.getValue());
        }
        return JsonDocument.write(json);
    }

    /**
     * Records this plan unless the run already has one, and returns the plan that won: planners racing on the same
     * generation agree on one plan, and a restarted planner finds the plan its workers are using.
     */
    public RunPlan createOrRead(DatasetWorkspace workspace) throws IOException {
        if (workspace.createIfAbsent(DatasetLayout.runPlan(run()), toJson().getBytes(StandardCharsets.UTF_8))) {
            return this;
        }
        return read(workspace, run()).orElseThrow(() -> new PocaduckException("plan of " + run()
                + " vanished while it was being created"));
    }

    /**
     * Reads the plan of {@code run}, or empty when the run has none. Every field is checked, and every path it leads
     * to: the source index must be the source generation's, the base run a run directory, the workers valid worker
     * ids, so that no plan can make a step read, write or delete outside the dataset.
     */
    public static Optional<RunPlan> read(DatasetWorkspace workspace, String run) throws IOException {
        String key = DatasetLayout.runPlan(run);
        if (!workspace.pull(key)) {
            return Optional.empty();
        }
        String name = workspace.location() + "/" + key;
        JsonDocument plan = JsonDocument.parse(Files.readString(workspace.local(key), StandardCharsets.UTF_8), name);
        long sourceGeneration = plan.integer("source_generation", 1, Long.MAX_VALUE);
        String sourceIndex = plan.text("source_index", false);
        if (!sourceIndex.equals(DatasetLayout.indexFile(sourceGeneration))) {
            throw invalid(name, "its source_index \"" + sourceIndex + "\" is not generation " + sourceGeneration
                    + "'s index " + DatasetLayout.indexFile(sourceGeneration));
        }
        String baseRun = plan.text("base_run", true);
        if (baseRun != null && (!baseRun.startsWith(DatasetLayout.COMPACT + "/")
                || DatasetLayout.runGeneration(baseRun.substring(DatasetLayout.COMPACT.length() + 1)) < 1)) {
            throw invalid(name, "its base_run \"" + baseRun + "\" is not a compact/run-<generation> directory");
        }
        long targetFilePoints = plan.integer("target_file_points", 1, Integer.MAX_VALUE);
        boolean deduplicate = plan.bool("deduplicate");
        List<JsonDocument.Element> shards = plan.objects("shards");
        long[] firstLabels = new long[shards.size()];
        long[] lastLabels = new long[shards.size()];
        long[] shardPoints = new long[shards.size()];
        for (int s = 0; s < shards.size(); s++) {
            firstLabels[s] = label(shards.get(s).text("first"), name);
            lastLabels[s] = label(shards.get(s).text("last"), name);
            shardPoints[s] = shards.get(s).integer("points", 0, Long.MAX_VALUE);
        }
        Map<String, Integer> replaced = new TreeMap<>();
        for (JsonDocument.Element part : plan.objects("replaced_parts")) {
            String worker = part.text("worker");
            try {
                DatasetLayout.validateWorkerId(worker);
            } catch (IllegalArgumentException e) {
                throw invalid(name, "its replaced_parts name " + e.getMessage());
            }
            replaced.put(worker, (int) part.integer("part", 0, Integer.MAX_VALUE));
        }
        return Optional.of(new RunPlan(sourceGeneration, sourceIndex, baseRun, targetFilePoints, deduplicate,
                firstLabels, lastLabels, shardPoints, replaced));
    }

    private static long label(String text, String name) {
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw invalid(name, "a shard bound \"" + text + "\" is not a label (an unsigned 64-bit decimal)");
        }
    }

    private static PocaduckException invalid(String name, String why) {
        return new PocaduckException("optimization plan " + name + " is not valid: " + why);
    }
}
