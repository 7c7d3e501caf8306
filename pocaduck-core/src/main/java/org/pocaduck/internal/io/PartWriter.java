package org.pocaduck.internal.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * Writes one part file: the slice's points, in slice order, as Parquet through DuckDB's {@code COPY}, fed by an Arrow
 * stream. Columns: {@code label} (UINT_64), then one typed column per schema dimension.
 *
 * <p>Block ids are not repeated on every row: a chunk is a row range, and the index records each chunk's block.
 * Measured with DuckDB 2.0 on 4 M rows, a string {@code block_id} column made the {@code COPY} 2.5–3.5 times slower
 * (a dictionary-encoded Arrow column still 2 times slower) for 0.1 byte/point of payload.
 *
 * <p>Encoding: Parquet v2 pages without dictionaries, so integer columns get DELTA_BINARY_PACKED. Neighbouring points
 * of a label are neighbouring voxels, so deltas are tiny: measured 2.1 bytes/point for int64 x, y, z against 5.9 with
 * DuckDB's default dictionary encoding, both ZSTD-compressed.
 */
public final class PartWriter {
    private final DuckDBConnection connection;
    private final int rowGroupSize;

    public PartWriter(DuckDBConnection connection, int rowGroupSize) {
        this.connection = connection;
        this.rowGroupSize = rowGroupSize;
    }

    /** Writes {@code slice} to {@code target} (which the caller later publishes atomically). */
    public void write(FileSlice slice, Path target) throws SQLException {
        PointBuffer buffer = slice.buffer();
        List<Field> fields = new ArrayList<>();
        fields.add(Field.notNullable("label", new ArrowType.Int(64, false)));
        for (int d = 0; d < buffer.dimensions(); d++) {
            fields.add(buffer.column(d).arrowField());
        }
        ArrowStreams.scan(connection, "part_rows", new Schema(fields), new SliceBatches(slice),
                () -> copyToParquet(connection, "part_rows", rowGroupSize, target));
    }

    /** Writes the rows of {@code view} to {@code target} with the part-file encoding described above. */
    static void copyToParquet(DuckDBConnection connection, String view, int rowGroupSize, Path target)
            throws SQLException {
        // view is one of our constants and rowGroupSize a validated int; DuckDB does not bind COPY options.
        String copy = "COPY (SELECT * FROM " + view + ") TO (?) (FORMAT parquet, COMPRESSION zstd,"
                + " PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 1, ROW_GROUP_SIZE " + rowGroupSize + ")";
        try (PreparedStatement statement = connection.prepareStatement(copy)) {
            statement.setString(1, target.toString());
            statement.execute();
        }
    }

    /** Walks the slice's pieces, copying each contiguous run of the buffer into the batch in bulk. */
    private static final class SliceBatches implements ArrowStreams.BatchFiller {
        private final FileSlice slice;
        private final PointBuffer buffer;
        private int piece;
        private int offsetInPiece;
        private long remaining;

        SliceBatches(FileSlice slice) {
            this.slice = slice;
            this.buffer = slice.buffer();
            this.remaining = slice.points();
        }

        @Override
        public int fill(VectorSchemaRoot root, int maxRows) {
            int rows = (int) Math.min(maxRows, remaining);
            if (rows == 0) {
                return 0;
            }
            UInt8Vector labels = (UInt8Vector) root.getVector(0);
            ArrowStreams.allocate(labels, rows);
            ByteBuffer labelView = labels.getDataBuffer().nioBuffer(0, rows * 8).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer[] views = new ByteBuffer[buffer.dimensions()];
            for (int d = 0; d < views.length; d++) {
                ArrowStreams.allocate(root.getVector(1 + d), rows);
                views[d] = buffer.column(d).dataView(root.getVector(1 + d), rows);
            }
            int filled = 0;
            while (filled < rows) {
                int run = Math.min(slice.length(piece) - offsetInPiece, rows - filled);
                long label = slice.label(piece);
                for (int i = filled; i < filled + run; i++) {
                    labelView.putLong(i * 8, label);
                }
                int from = slice.start(piece) + offsetInPiece;
                for (int d = 0; d < views.length; d++) {
                    buffer.column(d).copyTo(views[d], filled, from, run);
                }
                filled += run;
                offsetInPiece += run;
                if (offsetInPiece == slice.length(piece)) {
                    piece++;
                    offsetInPiece = 0;
                }
            }
            for (FieldVector vector : root.getFieldVectors()) {
                vector.setValueCount(rows);
            }
            remaining -= rows;
            return rows;
        }
    }
}
