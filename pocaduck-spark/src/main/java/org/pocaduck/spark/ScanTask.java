package org.pocaduck.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.pocaduck.BlockScanner;
import org.pocaduck.Ingestor;

/** Scans one partition of blocks as one task attempt's worker and reports what it found. */
final class ScanTask implements Function2<Integer, Iterator<Row>, Iterator<AttemptResult>> {
    private static final long serialVersionUID = 1L;

    private final StorageLocation location;
    private final BlockColumns columns;
    private final ScannerSettings scanner;
    private final WriterSettings settings;
    private final String jobTag;

    ScanTask(StorageLocation location, BlockColumns columns, ScannerSettings scanner, WriterSettings settings,
            String jobTag) {
        this.location = location;
        this.columns = columns;
        this.scanner = scanner;
        this.settings = settings;
        this.jobTag = jobTag;
    }

    @Override
    public Iterator<AttemptResult> call(Integer partition, Iterator<Row> blocks) {
        if (!blocks.hasNext()) {
            return List.of(new AttemptResult(partition, null, 0, 0, 0)).iterator();
        }
        String workerId = TaskAttempts.workerId(jobTag);
        BlockScanner blockScanner = scanner.scanner();
        long count = 0;
        long voxels = 0;
        long points = 0;
        try (Ingestor ingestor = Ingestor.open(location.config(), workerId,
                settings.attemptOptions(BlockScanner.SCHEMA))) {
            while (blocks.hasNext()) {
                Row block = blocks.next();
                int[] shape = columns.shape(block);
                BlockScanner.Summary summary = columns.hasRegion()
                        ? blockScanner.scan(columns.labels(block), shape, columns.offset(block),
                                columns.regionStart(block), columns.regionShape(block), columns.blockId(block),
                                ingestor)
                        : blockScanner.scan(columns.labels(block), shape, columns.offset(block),
                                columns.blockId(block), ingestor);
                count++;
                voxels += summary.voxels();
                points += summary.points();
            }
        }
        return List.of(new AttemptResult(partition, workerId, count, voxels, points)).iterator();
    }
}
