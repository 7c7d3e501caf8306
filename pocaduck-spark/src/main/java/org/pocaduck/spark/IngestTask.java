package org.pocaduck.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.pocaduck.Ingestor;

/** Writes one partition of points as one task attempt's worker and reports what it wrote. */
final class IngestTask implements Function2<Integer, Iterator<Row>, Iterator<AttemptResult>> {
    private static final long serialVersionUID = 1L;

    private final StorageLocation location;
    private final PointColumns columns;
    private final WriterSettings settings;
    private final String jobTag;

    IngestTask(StorageLocation location, PointColumns columns, WriterSettings settings, String jobTag) {
        this.location = location;
        this.columns = columns;
        this.settings = settings;
        this.jobTag = jobTag;
    }

    @Override
    public Iterator<AttemptResult> call(Integer partition, Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return List.of(new AttemptResult(partition, null, 0, 0, 0)).iterator();
        }
        String workerId = TaskAttempts.workerId(jobTag);
        long points;
        try (Ingestor ingestor = Ingestor.open(location.config(), workerId,
                settings.attemptOptions(columns.schema()))) {
            ChunkWriter writer = new ChunkWriter(columns, ingestor);
            while (rows.hasNext()) {
                writer.add(rows.next());
            }
            points = writer.finish();
        }
        return List.of(new AttemptResult(partition, workerId, 0, 0, points)).iterator();
    }
}
