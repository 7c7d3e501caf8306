package org.pocaduck.internal.io;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.pocaduck.ColumnType;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.index.DuckDb;
import org.pocaduck.internal.index.LabelRanges;

/**
 * Reads labels' row ranges out of part files into point clouds. A batch is read file by file, each file's ranges in
 * row order, so every file is visited once however many labels it holds.
 */
public final class PointReader implements AutoCloseable {
    private final DatasetLayout layout;
    private final DatasetIndex index;
    private final PointSchema schema;
    private final DuckDBConnection duck;

    public PointReader(DatasetLayout layout, DatasetIndex index, PointSchema schema) {
        this.layout = layout;
        this.index = index;
        this.schema = schema;
        this.duck = DuckDb.openInMemory();
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
        for (Read read : reads) {
            execute(read);
        }
        Map<Long, PointCloud> clouds = new LinkedHashMap<>();
        columnsByLabel.forEach((label, columns) -> clouds.put(label, PointCloud.ofColumns(schema, columns)));
        return clouds;
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

    private synchronized void execute(Read read) {
        String sql = "SELECT * EXCLUDE (label, block_id, file_row_number) FROM read_parquet(?, file_row_number=true)"
                + " WHERE file_row_number BETWEEN ? AND ?";
        try (PreparedStatement statement = duck.prepareStatement(sql)) {
            statement.setString(1, layout.resolve(index.file(read.fileId())).toString());
            statement.setLong(2, read.rowStart());
            statement.setLong(3, read.rowStart() + read.rowCount() - 1);
            try (ResultSet rows = statement.executeQuery()) {
                int row = read.offset();
                while (rows.next()) {
                    for (int d = 0; d < schema.dimensions(); d++) {
                        Object column = read.columns()[d];
                        ColumnType type = schema.type(d);
                        switch (type) {
                            case INT32 -> ((int[]) column)[row] = rows.getInt(d + 1);
                            case INT64 -> ((long[]) column)[row] = rows.getLong(d + 1);
                            case FLOAT32 -> ((float[]) column)[row] = rows.getFloat(d + 1);
                            case FLOAT64 -> ((double[]) column)[row] = rows.getDouble(d + 1);
                        }
                    }
                    row++;
                }
            }
        } catch (SQLException e) {
            throw DuckDb.failure("reading " + index.file(read.fileId()), e);
        }
    }

    @Override
    public void close() {
        try {
            duck.close();
        } catch (SQLException e) {
            throw DuckDb.failure("closing the point reader", e);
        }
    }
}
