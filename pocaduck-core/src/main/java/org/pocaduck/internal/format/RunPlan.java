package org.pocaduck.internal.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.pocaduck.internal.store.DatasetWorkspace;
import org.pocaduck.PocaduckException;

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
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"source_generation\": ").append(sourceGeneration).append(",\n");
        json.append("  \"source_index\": \"").append(sourceIndex).append("\",\n");
        json.append("  \"base_run\": ").append(baseRun == null ? "null" : "\"" + baseRun + "\"").append(",\n");
        json.append("  \"target_file_points\": ").append(targetFilePoints).append(",\n");
        json.append("  \"deduplicate\": ").append(deduplicate).append(",\n");
        json.append("  \"shards\": [");
        for (int s = 0; s < shards(); s++) {
            json.append(s == 0 ? "\n" : ",\n").append("    {\"first\": \"")
                    .append(Long.toUnsignedString(shardFirstLabels[s])).append("\", \"last\": \"")
                    .append(Long.toUnsignedString(shardLastLabels[s])).append("\", \"points\": ")
                    .append(shardPoints[s]).append('}');
        }
        json.append("\n  ],\n  \"replaced_parts\": [");
        boolean first = true;
        for (Map.Entry<String, Integer> entry : new TreeMap<>(replacedParts).entrySet()) {
            json.append(first ? "\n" : ",\n").append("    {\"worker\": \"").append(entry.getKey())
                    .append("\", \"part\": ").append(entry.getValue()).append('}');
            first = false;
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    /**
     * Records this plan unless the run already has one, and returns the plan that won: planners racing on the same
     * generation agree on one plan, and a restarted planner finds the plan its workers are using.
     */
    public RunPlan createOrRead(DatasetWorkspace workspace, Connection duck) throws IOException {
        if (workspace.createIfAbsent(DatasetLayout.runPlan(run()), toJson().getBytes(StandardCharsets.UTF_8))) {
            return this;
        }
        return read(workspace, run(), duck).orElseThrow(() -> new PocaduckException("plan of " + run()
                + " vanished while it was being created"));
    }

    /** Reads the plan of {@code run}, or empty when the run has none. */
    public static Optional<RunPlan> read(DatasetWorkspace workspace, String run, Connection duck) throws IOException {
        String key = DatasetLayout.runPlan(run);
        if (!workspace.pull(key)) {
            return Optional.empty();
        }
        String json = Files.readString(workspace.local(key), StandardCharsets.UTF_8);
        String name = workspace.location() + "/" + key;
        String sql = "SELECT json_extract(j, '$.source_generation')::BIGINT, json_extract_string(j, '$.source_index'),"
                + " json_extract_string(j, '$.base_run'), json_extract(j, '$.target_file_points')::BIGINT,"
                + " json_extract(j, '$.deduplicate')::BOOLEAN, json_extract_string(j, '$.shards[*].first'),"
                + " json_extract_string(j, '$.shards[*].last'), json_extract(j, '$.shards[*].points')::BIGINT[],"
                + " json_extract_string(j, '$.replaced_parts[*].worker'),"
                + " json_extract(j, '$.replaced_parts[*].part')::INTEGER[] FROM (SELECT ?::JSON AS j)";
        try (PreparedStatement statement = duck.prepareStatement(sql)) {
            statement.setString(1, json);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                Object[] firsts = elements(row.getArray(6));
                Object[] lasts = elements(row.getArray(7));
                Object[] points = elements(row.getArray(8));
                Object[] workers = elements(row.getArray(9));
                Object[] parts = elements(row.getArray(10));
                if (firsts.length != lasts.length || firsts.length != points.length || workers.length != parts.length
                        || row.getString(2) == null) {
                    throw new PocaduckException("optimization plan " + name + " is incomplete");
                }
                long[] firstLabels = new long[firsts.length];
                long[] lastLabels = new long[firsts.length];
                long[] shardPoints = new long[firsts.length];
                for (int s = 0; s < firsts.length; s++) {
                    firstLabels[s] = Long.parseUnsignedLong((String) firsts[s]);
                    lastLabels[s] = Long.parseUnsignedLong((String) lasts[s]);
                    shardPoints[s] = ((Number) points[s]).longValue();
                }
                Map<String, Integer> replaced = new TreeMap<>();
                for (int w = 0; w < workers.length; w++) {
                    replaced.put((String) workers[w], ((Number) parts[w]).intValue());
                }
                return Optional.of(new RunPlan(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4),
                        row.getBoolean(5), firstLabels, lastLabels, shardPoints, replaced));
            }
        } catch (SQLException | NumberFormatException e) {
            throw new PocaduckException("optimization plan " + name + " is not valid: "
                    + e.getMessage(), e);
        }
    }

    private static Object[] elements(Array array) throws SQLException {
        return array == null ? new Object[0] : (Object[]) array.getArray();
    }
}
