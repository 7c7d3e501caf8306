package org.pocaduck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Everything a dataset answers, in a form that compares regardless of point order: per label its count, its blocks
 * and its points as sorted text rows. Shared with other modules' tests through this module's test jar.
 */
public record DatasetSnapshot(long points, Map<Long, LabelAnswer> labels) {

    public record LabelAnswer(long count, List<String> blocks, List<String> rows) {
    }

    public static DatasetSnapshot of(Query query) {
        Map<Long, LabelAnswer> labels = new LinkedHashMap<>();
        long points = 0;
        for (long label : query.getLabels()) {
            PointCloud cloud = query.getPoints(label);
            labels.put(label, new LabelAnswer(query.getPointCount(label), query.getBlocksForLabel(label), rows(cloud)));
            points += cloud.size();
        }
        return new DatasetSnapshot(points, labels);
    }

    public static DatasetSnapshot of(StorageConfig config) {
        try (Query query = Query.open(config, QueryOptions.defaults().withCacheBytes(0))) {
            return of(query);
        }
    }

    /** The cloud's points as text, one per row, sorted. */
    public static List<String> rows(PointCloud cloud) {
        List<String> rows = new ArrayList<>(cloud.size());
        for (int i = 0; i < cloud.size(); i++) {
            StringJoiner row = new StringJoiner(", ", "[", "]");
            for (int d = 0; d < cloud.dimensions(); d++) {
                ColumnType type = cloud.columnType(d);
                row.add(type == ColumnType.FLOAT32 || type == ColumnType.FLOAT64
                        ? Double.toString(cloud.getDouble(i, d)) : Long.toString(cloud.getLong(i, d)));
            }
            rows.add(row.toString());
        }
        rows.sort(null);
        return rows;
    }

    /** This snapshot with identical points of each label stored once. */
    DatasetSnapshot distinct() {
        Map<Long, LabelAnswer> distinct = new LinkedHashMap<>();
        long total = 0;
        for (var entry : labels.entrySet()) {
            List<String> rows = entry.getValue().rows().stream().distinct().toList();
            distinct.put(entry.getKey(), new LabelAnswer(rows.size(), entry.getValue().blocks(), rows));
            total += rows.size();
        }
        return new DatasetSnapshot(total, distinct);
    }
}
