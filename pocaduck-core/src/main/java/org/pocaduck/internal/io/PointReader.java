package org.pocaduck.internal.io;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pocaduck.PointCloud;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.store.DatasetFiles;
import org.pocaduck.internal.index.GenerationFiles;
import org.pocaduck.internal.index.LabelRanges;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.ParquetFile;

/**
 * Reads labels' row ranges out of part files into point clouds, decoding straight into the clouds' column arrays.
 * A batch is read file by file, each file's ranges in row order, so every file is opened once however many labels
 * it holds. Thread-safe.
 */
public final class PointReader {
    /**
     * Heap for the part files' layouts kept between reads: a few KiB for a file of large row groups, a few hundred
     * KiB for a 256 MiB file of 8,192-row groups.
     */
    private static final long LAYOUT_CACHE_BYTES = 64L << 20;
    /** The largest span read at once, bounding the scratch memory of a batch. */
    private static final long MAX_SPAN_ROWS = 1 << 20;

    private final PointSchema schema;
    private final String[] columnNames;

    public PointReader(PointSchema schema) {
        this.schema = schema;
        this.columnNames = schema.names().toArray(String[]::new);
    }

    /**
     * Where the part files a read names are, by the numbers its ranges use, and their row-group layouts. Layouts may
     * describe only the row groups the reads need.
     */
    public interface PartSource {
        /** Opens the bytes of a part; the caller closes them. */
        ByteSource open(int part) throws IOException;

        /** The part's layout, read through {@code source} (from {@link #open}) if it must be. */
        ParquetFile layout(int part, ByteSource source) throws IOException;

        /** The part's full name, for messages. */
        String describe(int part);
    }

    /** The parts of a consolidated generation by file id, with the full layouts its list of part files keeps. */
    public static PartSource partsOf(DatasetFiles files, GenerationFiles parts) {
        return new PartFiles(files, parts, LAYOUT_CACHE_BYTES);
    }

    /** The points of one label. */
    public PointCloud read(LabelRanges ranges, PartSource parts) {
        return readAll(Map.of(0L, ranges), parts).get(0L);
    }

    /** The points of many labels, keyed like the input. */
    public Map<Long, PointCloud> readAll(Map<Long, LabelRanges> rangesByLabel, PartSource parts) {
        Map<Long, PointCloud> clouds = new LinkedHashMap<>();
        readColumns(rangesByLabel, parts).forEach((label, columns) ->
                clouds.put(label, PointCloud.ofColumns(schema, columns)));
        return clouds;
    }

    /**
     * The points of many labels as column arrays (one primitive array per schema column), keyed like the input; each
     * label's points in the order of its ranges.
     */
    private Map<Long, Object[]> readColumns(Map<Long, LabelRanges> rangesByLabel, PartSource parts) {
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
        read(reads, parts);
        return columnsByLabel;
    }

    /**
     * Performs row reads, each into its own destination: file by file, each file opened once, nearby rows read as
     * one span. {@code reads} is reordered.
     */
    public void read(List<Read> reads, PartSource parts) {
        reads.sort(Comparator.comparingInt(Read::fileId).thenComparingLong(Read::rowStart));
        int next = 0;
        while (next < reads.size()) {
            next = readFile(reads, next, parts);
        }
    }

    /** Performs the reads of one file, starting at {@code first}; returns the index of the next file's first read. */
    private int readFile(List<Read> reads, int first, PartSource parts) {
        int fileId = reads.get(first).fileId();
        int end = first;
        while (end < reads.size() && reads.get(end).fileId() == fileId) {
            end++;
        }
        try (ByteSource source = parts.open(fileId)) {
            ParquetFile layout = parts.layout(fileId, source);
            int next = first;
            while (next < end) {
                next = readSpan(layout, source, reads, next, end);
            }
        } catch (NoSuchFileException e) {
            throw new PocaduckIOException("part file " + parts.describe(fileId) + " is missing, though the dataset's"
                    + " index lists it; run verify to list every damaged file", e);
        } catch (IOException e) {
            throw new PocaduckIOException("cannot read part file " + parts.describe(fileId) + ": " + e.getMessage(),
                    e);
        }
        return end;
    }

    /**
     * Reads a run of ranges as one span when each starts in the row group where the one before ends, and copies each
     * range out of it. Delta-encoded pages decode from their start, so reading neighbours separately would decode the
     * same prefix again for each; one span decodes it once. A span never fetches a row group that no range needs, nor
     * decodes rows of one that only lies between its ranges (a spatial read skips most of a label's rows).
     * Returns the index of the first read after the span.
     */
    private int readSpan(ParquetFile footer, ByteSource source, List<Read> reads, int first, int end)
            throws IOException {
        Read head = reads.get(first);
        long spanEnd = head.rowStart() + head.rowCount();
        int last = first;
        while (last + 1 < end) {
            Read candidate = reads.get(last + 1);
            long candidateEnd = Math.max(spanEnd, candidate.rowStart() + candidate.rowCount());
            boolean sharesRowGroup = candidate.rowStart() <= spanEnd
                    || footer.rowGroupContaining(candidate.rowStart()) == footer.rowGroupContaining(spanEnd - 1);
            if (!sharesRowGroup || candidateEnd - head.rowStart() > MAX_SPAN_ROWS
                    || !footer.covers(head.rowStart(), candidateEnd - head.rowStart())) {
                break;
            }
            spanEnd = candidateEnd;
            last++;
        }
        if (last == first) {
            footer.readRows(source, head.rowStart(), head.rowCount(), columnNames, head.columns(), head.offset());
            return first + 1;
        }
        Object[] span = allocate(spanEnd - head.rowStart());
        footer.readRows(source, head.rowStart(), (int) (spanEnd - head.rowStart()), columnNames, span, 0);
        for (int r = first; r <= last; r++) {
            Read read = reads.get(r);
            for (int d = 0; d < span.length; d++) {
                System.arraycopy(span[d], (int) (read.rowStart() - head.rowStart()), read.columns()[d], read.offset(),
                        read.rowCount());
            }
        }
        return last + 1;
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

    /** One contiguous row range of one file, going to {@code columns} (one array per schema column) at {@code offset}. */
    public record Read(int fileId, long rowStart, int rowCount, Object[] columns, int offset) {
    }
}
