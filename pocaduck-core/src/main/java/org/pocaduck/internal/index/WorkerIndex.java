package org.pocaduck.internal.index;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.duckdb.DuckDBConnection;
import org.pocaduck.internal.io.ArrowStreams;
import org.pocaduck.internal.io.ChunkRows;

/**
 * One worker's own DuckDB index: the part files it has published ({@code parts}) and their chunk rows
 * ({@code chunks}: label, block, part, first row, point count, per-column bounds). A flush's rows are committed in one
 * transaction after its part files are durable, so the index never names a file that is not complete; a part file
 * the index does not name is an orphan of a crash.
 */
public final class WorkerIndex implements AutoCloseable {
    static final String ALIAS = "worker";

    private final DuckDBConnection connection;
    private final int dimensions;

    private WorkerIndex(DuckDBConnection connection, int dimensions) {
        this.connection = connection;
        this.dimensions = dimensions;
    }

    /**
     * A part file together with the chunk rows it holds.
     *
     * @param layout the file's row-group layout ({@code ParquetFile.layout()}), so that readers need no footer
     */
    public record Part(int number, String file, long points, long bytes, byte[] layout, ChunkRows chunks) {
    }

    /**
     * Attaches (creating if needed) the index file of a worker whose points have {@code dimensions} columns to the
     * worker's DuckDB connection.
     */
    public static WorkerIndex open(DuckDBConnection connection, Path file, int dimensions) throws SQLException {
        DuckDb.attach(connection, file, ALIAS, false);
        createTables(connection, dimensions);
        return new WorkerIndex(connection, dimensions);
    }

    static void createTables(DuckDBConnection connection, int dimensions) throws SQLException {
        DuckDb.execute(connection, "CREATE TABLE IF NOT EXISTS " + ALIAS + ".parts (part INTEGER PRIMARY KEY,"
                + " file VARCHAR NOT NULL, point_count BIGINT NOT NULL, byte_size BIGINT NOT NULL, layout BLOB)");
        // Indexes written before part layouts were kept gain the column; their old parts keep a NULL layout.
        DuckDb.execute(connection, "ALTER TABLE " + ALIAS + ".parts ADD COLUMN IF NOT EXISTS layout BLOB");
        DuckDb.execute(connection, "CREATE TABLE IF NOT EXISTS " + ALIAS + ".chunks (label UBIGINT NOT NULL,"
                + " block_id VARCHAR NOT NULL, part INTEGER NOT NULL, row_start BIGINT NOT NULL,"
                + " point_count BIGINT NOT NULL" + DuckDb.boundsColumns(dimensions, true) + ")");
    }

    /**
     * Drops the chunk rows of parts up to {@code lastReplaced} from the (closed) worker index {@code file}, once an
     * optimization replaced those parts and their files are gone. The parts rows stay, so the worker's part numbers
     * keep growing and new parts are never mistaken for replaced ones.
     */
    public static void forgetChunksUpTo(DuckDBConnection connection, Path file, int lastReplaced) throws SQLException {
        DuckDb.attach(connection, file, ALIAS, false);
        try {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + ALIAS + ".chunks WHERE part <= ?")) {
                delete.setInt(1, lastReplaced);
                delete.execute();
            }
            DuckDb.execute(connection, "CHECKPOINT " + ALIAS);
        } finally {
            DuckDb.execute(connection, "DETACH " + ALIAS);
        }
    }

    /** The highest part number committed, or 0. */
    public int lastPart() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT coalesce(max(part), 0) FROM " + ALIAS + ".parts");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    /** The committed part files, as paths relative to the dataset base. */
    public Set<String> files() throws SQLException {
        Set<String> files = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT file FROM " + ALIAS + ".parts");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                files.add(rows.getString(1));
            }
        }
        return files;
    }

    /** Commits the parts of one flush and all their chunk rows in one transaction. */
    public void commit(List<Part> parts) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + ALIAS + ".parts (part, file, point_count, byte_size, layout) VALUES (?, ?, ?, ?, ?)")) {
                for (Part part : parts) {
                    insert.setInt(1, part.number());
                    insert.setString(2, part.file());
                    insert.setLong(3, part.points());
                    insert.setLong(4, part.bytes());
                    insert.setBytes(5, part.layout());
                    insert.execute();
                }
            }
            ArrowStreams.scan(connection, "chunk_rows", chunkSchema(), new ChunkBatches(parts), () ->
                    DuckDb.execute(connection, "INSERT INTO " + ALIAS + ".chunks SELECT * FROM chunk_rows"));
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // A COMMIT that failed (a full disk) has ended the transaction already, so the ROLLBACK and the commit
            // that leaving manual-commit mode implies fail too ("no transaction is active"): the first error says why.
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException autoCommit) {
                e.addSuppressed(autoCommit);
            }
            throw e;
        }
        connection.setAutoCommit(true);
    }

    private Schema chunkSchema() {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.notNullable("label", new ArrowType.Int(64, false)));
        fields.add(Field.notNullable("block_id", new ArrowType.Utf8()));
        fields.add(Field.notNullable("part", new ArrowType.Int(32, true)));
        fields.add(Field.notNullable("row_start", new ArrowType.Int(64, true)));
        fields.add(Field.notNullable("point_count", new ArrowType.Int(64, true)));
        for (int d = 0; d < dimensions; d++) {
            fields.add(Field.notNullable("min_" + d, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
            fields.add(Field.notNullable("max_" + d, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
        }
        return new Schema(fields);
    }

    /** Folds the write-ahead log into the file, so that the file alone holds every commit (to be copied whole). */
    public void checkpoint() throws SQLException {
        DuckDb.execute(connection, "CHECKPOINT " + ALIAS);
    }

    /** Folds the write-ahead log into the file, so that the next reader opens it quickly, and detaches it. */
    @Override
    public void close() throws SQLException {
        try {
            DuckDb.execute(connection, "CHECKPOINT " + ALIAS);
        } finally {
            DuckDb.execute(connection, "DETACH " + ALIAS);
        }
    }

    /** Streams the chunk rows of the flush's parts, one part's rows after another. */
    private static final class ChunkBatches implements ArrowStreams.BatchFiller {
        private final List<Part> parts;
        private int part;
        private int row;

        ChunkBatches(List<Part> parts) {
            this.parts = parts;
        }

        @Override
        public int fill(VectorSchemaRoot root, int maxRows) {
            while (part < parts.size() && row == parts.get(part).chunks().size()) {
                part++;
                row = 0;
            }
            if (part == parts.size()) {
                return 0;
            }
            ChunkRows chunks = parts.get(part).chunks();
            int rows = Math.min(maxRows, chunks.size() - row);
            List<FieldVector> vectors = root.getFieldVectors();
            long blockBytes = 0;
            for (int i = row; i < row + rows; i++) {
                blockBytes += chunks.blockId(i).length() * 3L;
            }
            ArrowStreams.allocate((VarCharVector) vectors.get(1), rows, blockBytes);
            for (int v = 0; v < vectors.size(); v++) {
                if (v != 1) {
                    ArrowStreams.allocate(vectors.get(v), rows);
                }
            }
            UInt8Vector labels = (UInt8Vector) vectors.get(0);
            VarCharVector blocks = (VarCharVector) vectors.get(1);
            IntVector partNumbers = (IntVector) vectors.get(2);
            BigIntVector rowStarts = (BigIntVector) vectors.get(3);
            BigIntVector counts = (BigIntVector) vectors.get(4);
            int number = parts.get(part).number();
            for (int i = 0; i < rows; i++) {
                int source = row + i;
                labels.getDataBuffer().setLong((long) i * 8, chunks.label(source));
                blocks.setSafe(i, chunks.blockId(source).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                partNumbers.set(i, number);
                rowStarts.set(i, chunks.rowStart(source));
                counts.set(i, chunks.count(source));
                for (int d = 0; d < chunks.dimensions(); d++) {
                    ((Float8Vector) vectors.get(5 + 2 * d)).set(i, chunks.min(source, d));
                    ((Float8Vector) vectors.get(6 + 2 * d)).set(i, chunks.max(source, d));
                }
            }
            for (FieldVector vector : vectors) {
                vector.setValueCount(rows);
            }
            row += rows;
            return rows;
        }
    }
}
