package org.pocaduck.internal.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * Writes the label-contiguous part files of an optimization shard: columns {@code label} (UINT_64), {@code block_id}
 * (string) and one typed column per schema dimension, rows in {@link ShardRows} order, so each label — and within it
 * each block — is one row range. Unlike ingestion parts, these files carry the block id on every row: an optimized
 * file describes itself to any Parquet reader. The block column reaches DuckDB dictionary-encoded (a few bytes per
 * batch instead of a string per row), and its long runs compress to almost nothing.
 *
 * <p>A file takes labels until the next one would not fit in {@code targetPoints}; a label larger than that fills
 * files of exactly {@code targetPoints} and continues in the next, so only such labels span files.
 */
public final class CompactPartWriter {
    private static final long BLOCK_DICTIONARY = 0;

    private final DuckDBConnection connection;
    private final int rowGroupSize;

    public CompactPartWriter(DuckDBConnection connection, int rowGroupSize) {
        this.connection = connection;
        this.rowGroupSize = rowGroupSize;
    }

    /** Writes the next file of {@code rows} to {@code target} and returns its index rows; call while rows remain. */
    public ChunkRows write(ShardRows rows, List<String> blockIds, long targetPoints, Path target) throws SQLException {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.notNullable("label", new ArrowType.Int(64, false)));
        fields.add(new Field("block_id", new FieldType(false, new ArrowType.Utf8(),
                new DictionaryEncoding(BLOCK_DICTIONARY, false, new ArrowType.Int(32, true))), null));
        for (int d = 0; d < rows.dimensions(); d++) {
            fields.add(rows.column(d).arrowField());
        }
        FileBatches batches = new FileBatches(rows, blockIds, targetPoints);
        ArrowStreams.scan(connection, "compact_rows", new Schema(fields), Map.of(BLOCK_DICTIONARY, blockIds), batches,
                () -> PartWriter.copyToParquet(connection, "compact_rows", rowGroupSize, target));
        return batches.chunks;
    }

    /** Fills batches from the shard's rows until the file is full or the rows end. */
    private static final class FileBatches implements ArrowStreams.BatchFiller {
        private final ShardRows rows;
        private final List<String> blockIds;
        private final long targetPoints;
        private final ChunkRows chunks;
        private long fileRows;
        private boolean full;

        FileBatches(ShardRows rows, List<String> blockIds, long targetPoints) {
            this.rows = rows;
            this.blockIds = blockIds;
            this.targetPoints = targetPoints;
            this.chunks = new ChunkRows(rows.dimensions());
        }

        @Override
        public int fill(VectorSchemaRoot root, int maxRows) {
            if (full) {
                return 0;
            }
            UInt8Vector labels = (UInt8Vector) root.getVector(0);
            IntVector blocks = (IntVector) root.getVector(1);
            ArrowStreams.allocate(labels, maxRows);
            ArrowStreams.allocate(blocks, maxRows);
            ByteBuffer labelView = labels.getDataBuffer().nioBuffer(0, maxRows * 8).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer blockView = blocks.getDataBuffer().nioBuffer(0, maxRows * 4).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer[] views = new ByteBuffer[rows.dimensions()];
            for (int d = 0; d < views.length; d++) {
                ArrowStreams.allocate(root.getVector(2 + d), maxRows);
                views[d] = rows.column(d).dataView(root.getVector(2 + d), maxRows);
            }
            int filled = 0;
            while (filled < maxRows && fileRows < targetPoints && rows.hasRows()) {
                if (rows.atLabelStart() && fileRows > 0 && fileRows + rows.labelRemaining() > targetPoints) {
                    break;
                }
                int count = (int) Math.min(rows.runRemaining(), Math.min(maxRows - filled, targetPoints - fileRows));
                int from = rows.position();
                for (int d = 0; d < views.length; d++) {
                    rows.column(d).copyTo(views[d], filled, from, count);
                }
                long label = rows.label();
                int block = rows.block();
                for (int i = filled; i < filled + count; i++) {
                    labelView.putLong(i * 8, label);
                    blockView.putInt(i * 4, block);
                }
                recordChunk(label, block, from, count);
                rows.consume(count);
                filled += count;
                fileRows += count;
            }
            full = filled < maxRows;
            for (FieldVector vector : root.getFieldVectors()) {
                vector.setValueCount(filled);
            }
            return filled;
        }

        /** Adds the rows to the file's index rows, growing the last row when they continue its (label, block). */
        private void recordChunk(long label, int block, int from, int count) {
            int last = chunks.size() - 1;
            String blockId = blockIds.get(block);
            double[] bounds;
            if (last >= 0 && chunks.label(last) == label && chunks.blockId(last).equals(blockId)
                    && chunks.rowStart(last) + chunks.count(last) == fileRows) {
                bounds = chunks.extendLast(count);
            } else {
                bounds = chunks.add(label, blockId, fileRows);
                chunks.setCount(count);
            }
            int base = chunks.currentBoundsBase();
            for (int d = 0; d < rows.dimensions(); d++) {
                rows.column(d).extendBounds(from, from + count, bounds, base + 2 * d);
            }
        }
    }
}
