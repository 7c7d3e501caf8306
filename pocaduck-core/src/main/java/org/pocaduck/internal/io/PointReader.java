package org.pocaduck.internal.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.index.LabelRanges;
import org.pocaduck.internal.parquet.ByteSource;

/**
 * Reads labels' row ranges out of part files into point clouds, decoding straight into the clouds' column arrays.
 * A batch is read file by file, each file's ranges in row order, so every file is opened once however many labels
 * it holds. Thread-safe.
 */
public final class PointReader {
    /** Footers kept in memory; each is a few KiB to a few hundred KiB. */
    private static final int FOOTERS_CACHED = 4096;

    private final PointSchema schema;
    private final String[] columnNames;
    private final PartFiles files;

    public PointReader(DatasetLayout layout, DatasetIndex index, PointSchema schema) {
        this.schema = schema;
        this.columnNames = schema.names().toArray(String[]::new);
        this.files = new PartFiles(layout, index, FOOTERS_CACHED);
    }

    /** The points of one label. */
    public PointCloud read(LabelRanges ranges) {
        return readAll(Map.of(0L, ranges)).get(0L);
    }

    /** The points of many labels, keyed like the input. */
    public Map<Long, PointCloud> readAll(Map<Long, LabelRanges> rangesByLabel) {
        Map<Long, Object[]> columnsByLabel = new LinkedHashMap<>();
        List<Read> reads = new ArrayList<>();
        rangesByLabel.forEach((label, ranges) -> {
            Object[] columns = allocate(ranges.points());
            columnsByLabel.put(label, columns);
            int offset = 0;
            for (int i = 0; i < ranges.files(); i++) {
                reads.add(new Read(ranges.fileIds()[i], ranges.rowStarts()[i], ranges.rowCounts()[i], columns, offset));
                offset += ranges.rowCounts()[i];
            }
        });
        reads.sort(Comparator.comparingInt(Read::fileId).thenComparingLong(Read::rowStart));
        int next = 0;
        while (next < reads.size()) {
            next = readFile(reads, next);
        }
        Map<Long, PointCloud> clouds = new LinkedHashMap<>();
        columnsByLabel.forEach((label, columns) -> clouds.put(label, PointCloud.ofColumns(schema, columns)));
        return clouds;
    }

    /** Performs the reads of one file, starting at {@code first}; returns the index of the next file's first read. */
    private int readFile(List<Read> reads, int first) {
        int fileId = reads.get(first).fileId();
        int next = first;
        try (ByteSource source = files.open(fileId)) {
            var footer = files.footer(fileId, source);
            while (next < reads.size() && reads.get(next).fileId() == fileId) {
                Read read = reads.get(next++);
                footer.readRows(source, read.rowStart(), read.rowCount(), columnNames, read.columns(), read.offset());
            }
        } catch (IOException e) {
            throw files.failure(fileId, e);
        }
        return next;
    }

    private Object[] allocate(long points) {
        if (points > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a label with " + points + " points does not fit one PointCloud");
        }
        Object[] columns = new Object[schema.dimensions()];
        for (int d = 0; d < columns.length; d++) {
            columns[d] = switch (schema.type(d)) {
                case INT32 -> new int[(int) points];
                case INT64 -> new long[(int) points];
                case FLOAT32 -> new float[(int) points];
                case FLOAT64 -> new double[(int) points];
            };
        }
        return columns;
    }

    /** One contiguous row range of one file, going to {@code columns} at {@code offset}. */
    private record Read(int fileId, long rowStart, int rowCount, Object[] columns, int offset) {
    }
}
