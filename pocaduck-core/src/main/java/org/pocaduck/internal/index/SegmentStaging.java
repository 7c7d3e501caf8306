package org.pocaduck.internal.index;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.pocaduck.PocaduckException;
import org.pocaduck.internal.io.ArrowStreams;

/**
 * Stages the part files and chunks of one segment of the current generation into a consolidation's tables
 * {@code staged_files} and {@code staged_chunks}, from the two files a reader of the segment uses anyway: its list of
 * part files ({@code files.parquet}, which holds each file's source and layout) and its label index, whose pages give
 * every chunk and whose block directory gives the bounds of each (block, label). A later consolidation therefore
 * needs neither the segment's DuckDB index nor the worker indexes the segment was built from.
 *
 * <p>A chunk takes the bounds of its (block, label) entry: the union over the label's chunks in that block, which is
 * the chunk's own bounds unless the block's points of the label lie in several files.
 */
final class SegmentStaging {
    /** About how many bytes a block id takes, to size a batch's string buffer (it grows when they are longer). */
    private static final int BLOCK_ID_BYTES = 16;

    private final DuckDBConnection duck;
    private final int dimensions;

    SegmentStaging(DuckDBConnection duck, int dimensions) {
        this.duck = duck;
        this.dimensions = dimensions;
    }

    /**
     * Whether a segment can be staged this way: its list of part files records their layouts (written by format 5 and
     * later) and its label index has a block directory.
     */
    boolean canStage(String liveFiles, LabelIndex lookup) throws SQLException {
        return lookup.hasBlockDirectory() && GenerationFiles.keepsLayouts(duck, liveFiles);
    }

    /**
     * Appends the segment's part files that {@code keep} accepts (by path) to {@code staged_files}, numbered after those
     * staged already in the segment's order, and their chunks to {@code staged_chunks}.
     *
     * @param liveFiles the local path of the segment's {@code files.parquet}; its last rows, as many as the label index
     *                  counts part files, are the segment's own (a second segment's list starts with its base's)
     */
    void stage(String liveFiles, LabelIndex lookup, Predicate<String> keep) throws SQLException {
        long own = lookup.totals().files();
        long listed = count("SELECT count(*) FROM read_parquet(?)", liveFiles);
        if (own > listed) {
            throw new PocaduckException("the label index of " + liveFiles + " counts " + own + " part files but the list"
                    + " holds only " + listed);
        }
        long first = listed - own;
        boolean[] kept = new boolean[Math.toIntExact(own)];
        List<String> paths = new ArrayList<>();
        try (PreparedStatement statement = duck.prepareStatement("SELECT file FROM read_parquet(?,"
                + " file_row_number = true) WHERE file_row_number >= ? ORDER BY file_row_number")) {
            statement.setString(1, liveFiles);
            statement.setLong(2, first);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    paths.add(rows.getString(1));
                }
            }
        }
        long staged = count("SELECT count(*) FROM staged_files");
        DuckDb.execute(duck, "CREATE TEMP TABLE segment_files (old_id INTEGER, new_id INTEGER)");
        DuckDb.execute(duck, "CREATE TEMP TABLE segment_chunks (label UBIGINT, block_id VARCHAR, file_id INTEGER,"
                + " row_start BIGINT, point_count BIGINT)");
        DuckDb.execute(duck, "CREATE TEMP TABLE segment_entries (block_id VARCHAR, label UBIGINT"
                + DuckDb.boundsColumns(dimensions, true) + ")");
        try {
            int keptCount = 0;
            try (DuckDBAppender files = duck.createAppender("temp", "main", "segment_files")) {
                for (int f = 0; f < paths.size(); f++) {
                    if (keep.test(paths.get(f))) {
                        kept[f] = true;
                        files.beginRow().append(f).append(Math.toIntExact(staged + keptCount++)).endRow();
                    }
                }
            }
            try (PreparedStatement copy = duck.prepareStatement("INSERT INTO staged_files SELECT m.new_id, f.file,"
                    + " f.source, f.point_count, f.byte_size, f.layout FROM read_parquet(?, file_row_number = true) f"
                    + " JOIN segment_files m ON m.old_id = f.file_row_number - ?")) {
                copy.setString(1, liveFiles);
                copy.setLong(2, first);
                copy.execute();
            }
            appendChunks(lookup, kept);
            appendEntries(lookup);
            long unmatched = count("SELECT count(*) FROM segment_chunks c LEFT JOIN segment_entries e"
                    + " ON e.block_id = c.block_id AND e.label = c.label WHERE e.block_id IS NULL");
            if (unmatched > 0) {
                throw new PocaduckException("label index of " + liveFiles + " is corrupt: " + unmatched + " of its"
                        + " chunks have no entry in its block directory");
            }
            DuckDb.execute(duck, "INSERT INTO staged_chunks SELECT c.label, c.block_id, m.new_id, c.row_start,"
                    + " c.point_count" + DuckDb.boundsColumns(dimensions, "e") + " FROM segment_chunks c JOIN segment_files m ON m.old_id = c.file_id"
                    + " JOIN segment_entries e ON e.block_id = c.block_id AND e.label = c.label");
        } finally {
            DuckDb.execute(duck, "DROP TABLE IF EXISTS segment_files");
            DuckDb.execute(duck, "DROP TABLE IF EXISTS segment_chunks");
            DuckDb.execute(duck, "DROP TABLE IF EXISTS segment_entries");
        }
    }

    /** Streams the chunks of the kept files, page after page, into {@code segment_chunks}. */
    private void appendChunks(LabelIndex lookup, boolean[] kept) throws SQLException {
        List<Field> fields = List.of(Field.notNullable("label", new ArrowType.Int(64, false)),
                Field.notNullable("block_id", new ArrowType.Utf8()),
                Field.notNullable("file_id", new ArrowType.Int(32, true)),
                Field.notNullable("row_start", new ArrowType.Int(64, true)),
                Field.notNullable("point_count", new ArrowType.Int(64, true)));
        ArrowStreams.scan(duck, "segment_chunk_rows", new Schema(fields), new ChunkBatches(lookup, kept), () ->
                DuckDb.execute(duck, "INSERT INTO segment_chunks SELECT * FROM segment_chunk_rows"));
    }

    /** Streams the block directory's (block, label) entries and their bounds into {@code segment_entries}. */
    private void appendEntries(LabelIndex lookup) throws SQLException {
        List<Field> fields = new ArrayList<>(List.of(Field.notNullable("block_id", new ArrowType.Utf8()),
                Field.notNullable("label", new ArrowType.Int(64, false))));
        for (int d = 0; d < dimensions; d++) {
            fields.add(Field.notNullable("min_" + d, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
            fields.add(Field.notNullable("max_" + d, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
        }
        ArrowStreams.scan(duck, "segment_entry_rows", new Schema(fields), new EntryBatches(lookup.blockPages()),
                () -> DuckDb.execute(duck, "INSERT INTO segment_entries SELECT * FROM segment_entry_rows"));
    }

    /** Prepares a batch's vectors for {@code rows} rows, strings at about {@value #BLOCK_ID_BYTES} bytes each. */
    private static void allocate(List<FieldVector> vectors, int rows) {
        for (FieldVector vector : vectors) {
            if (vector instanceof VarCharVector strings) {
                ArrowStreams.allocate(strings, rows, (long) rows * BLOCK_ID_BYTES);
            } else {
                ArrowStreams.allocate(vector, rows);
            }
        }
    }

    private static int finish(List<FieldVector> vectors, int rows) {
        for (FieldVector vector : vectors) {
            vector.setValueCount(rows);
        }
        return rows;
    }

    /** The chunks of the kept files, label page after label page. */
    private static final class ChunkBatches implements ArrowStreams.BatchFiller {
        private final LabelIndex.LabelPages pages;
        private final boolean[] kept;
        private LabelPage page;
        private int entry;
        private int chunk;

        ChunkBatches(LabelIndex lookup, boolean[] kept) {
            this.pages = lookup.labelPages();
            this.kept = kept;
        }

        @Override
        public int fill(VectorSchemaRoot root, int maxRows) {
            List<FieldVector> vectors = root.getFieldVectors();
            allocate(vectors, maxRows);
            UInt8Vector labels = (UInt8Vector) vectors.get(0);
            VarCharVector blocks = (VarCharVector) vectors.get(1);
            IntVector files = (IntVector) vectors.get(2);
            BigIntVector rowStarts = (BigIntVector) vectors.get(3);
            BigIntVector counts = (BigIntVector) vectors.get(4);
            int rows = 0;
            while (rows < maxRows) {
                if (page == null || entry == page.labels.length) {
                    page = pages.next();
                    entry = 0;
                    chunk = 0;
                    if (page == null) {
                        break;
                    }
                    continue;
                }
                if (chunk == page.firstChunk[entry + 1]) {
                    entry++;
                    continue;
                }
                int fileId = page.files[page.chunkFile[chunk]].id();
                if (fileId >= kept.length) {
                    throw new PocaduckException("a chunk of label " + Long.toUnsignedString(page.labels[entry])
                            + " names file " + fileId + " of the " + kept.length + " its segment lists");
                }
                if (kept[fileId]) {
                    labels.getDataBuffer().setLong((long) rows * 8, page.labels[entry]);
                    blocks.setSafe(rows, page.blocks[page.chunkBlock[chunk]].getBytes(StandardCharsets.UTF_8));
                    files.set(rows, fileId);
                    rowStarts.set(rows, page.chunkRow[chunk]);
                    counts.set(rows, page.chunkCount[chunk]);
                    rows++;
                }
                chunk++;
            }
            return finish(vectors, rows);
        }
    }

    /** The block directory's entries with their bounds, block page after block page. */
    private static final class EntryBatches implements ArrowStreams.BatchFiller {
        private final BlockIndex.BlockPages pages;
        private BlockPage page;
        private int block;
        private int entry;

        EntryBatches(BlockIndex.BlockPages pages) {
            this.pages = pages;
        }

        @Override
        public int fill(VectorSchemaRoot root, int maxRows) {
            List<FieldVector> vectors = root.getFieldVectors();
            allocate(vectors, maxRows);
            VarCharVector blocks = (VarCharVector) vectors.get(0);
            UInt8Vector labels = (UInt8Vector) vectors.get(1);
            int rows = 0;
            while (rows < maxRows) {
                if (page == null || entry == page.labels.length) {
                    page = pages.next();
                    block = 0;
                    entry = 0;
                    if (page == null) {
                        break;
                    }
                    continue;
                }
                while (entry == page.firstEntry[block + 1]) {
                    block++;
                }
                blocks.setSafe(rows, page.blocks[block].getBytes(StandardCharsets.UTF_8));
                labels.getDataBuffer().setLong((long) rows * 8, page.labels[entry]);
                int columns = page.bounds.columns();
                for (int d = 0; d < columns; d++) {
                    ((Float8Vector) vectors.get(2 + 2 * d)).set(rows, page.bounds.min()[entry * columns + d]);
                    ((Float8Vector) vectors.get(3 + 2 * d)).set(rows, page.bounds.max()[entry * columns + d]);
                }
                entry++;
                rows++;
            }
            return finish(vectors, rows);
        }
    }

    private long count(String sql, String... parameters) throws SQLException {
        return DuckDb.queryLong(duck, sql, parameters);
    }
}
