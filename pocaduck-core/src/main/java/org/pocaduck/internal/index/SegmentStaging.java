package org.pocaduck.internal.index;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.pocaduck.PocaduckException;

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
        return lookup.hasBlockDirectory() && listsLayouts(liveFiles);
    }

    /** Whether a list of part files gives each file's source and layout (format 5 and later). */
    private boolean listsLayouts(String liveFiles) throws SQLException {
        try (PreparedStatement statement = duck.prepareStatement("SELECT count(*) FROM (DESCRIBE SELECT * FROM"
                + " read_parquet(?)) WHERE column_name IN ('source', 'layout')")) {
            statement.setString(1, liveFiles);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1) == 2;
            }
        }
    }

    /**
     * Appends the segment's part files that {@code keep} accepts (by path) to {@code staged_files}, numbered after those
     * staged already in the segment's order, and their chunks to {@code staged_chunks}.
     *
     * @param liveFiles the local path of the segment's {@code files.parquet}; its last rows, as many as the label index
     *                  counts part files, are the segment's own (a second segment's list starts with its base's)
     * @return how many part files were staged
     */
    int stage(String liveFiles, LabelIndex lookup, Predicate<String> keep) throws SQLException {
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
            StringBuilder bounds = new StringBuilder();
            for (int d = 0; d < dimensions; d++) {
                bounds.append(", e.min_").append(d).append(", e.max_").append(d);
            }
            DuckDb.execute(duck, "INSERT INTO staged_chunks SELECT c.label, c.block_id, m.new_id, c.row_start,"
                    + " c.point_count" + bounds + " FROM segment_chunks c JOIN segment_files m ON m.old_id = c.file_id"
                    + " JOIN segment_entries e ON e.block_id = c.block_id AND e.label = c.label");
            return keptCount;
        } finally {
            DuckDb.execute(duck, "DROP TABLE IF EXISTS segment_files");
            DuckDb.execute(duck, "DROP TABLE IF EXISTS segment_chunks");
            DuckDb.execute(duck, "DROP TABLE IF EXISTS segment_entries");
        }
    }

    private void appendChunks(LabelIndex lookup, boolean[] kept) throws SQLException {
        try (DuckDBAppender chunks = duck.createAppender("temp", "main", "segment_chunks")) {
            SQLException[] failure = {null};
            lookup.forEachChunk((label, blockId, fileId, rowStart, rowCount) -> {
                if (fileId >= kept.length) {
                    throw new PocaduckException("a chunk of label " + Long.toUnsignedString(label) + " names file "
                            + fileId + " of the " + kept.length + " its segment lists");
                }
                if (failure[0] != null || !kept[fileId]) {
                    return;
                }
                try {
                    chunks.beginRow().append(label).append(blockId).append(fileId).append(rowStart)
                            .append((long) rowCount).endRow();
                } catch (SQLException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    private void appendEntries(LabelIndex lookup) throws SQLException {
        try (DuckDBAppender entries = duck.createAppender("temp", "main", "segment_entries")) {
            SQLException[] failure = {null};
            lookup.forEachBlockEntry((blockId, label, bounds, entry) -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    entries.beginRow().append(blockId).append(label);
                    for (int d = 0; d < dimensions; d++) {
                        entries.append(bounds.min()[entry * bounds.columns() + d])
                                .append(bounds.max()[entry * bounds.columns() + d]);
                    }
                    entries.endRow();
                } catch (SQLException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    private long count(String sql, String... parameters) throws SQLException {
        return DuckDb.queryLong(duck, sql, parameters);
    }
}
