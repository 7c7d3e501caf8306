package org.pocaduck.internal.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.pocaduck.PocaduckIOException;

/**
 * Hands rows held in Java arrays to DuckDB as an Arrow C stream: DuckDB pulls batches that are filled straight from
 * primitive arrays, so no value crosses JDBC one at a time.
 */
public final class ArrowStreams {
    /** One root for the process; every stream works in a child allocator that is closed (and leak-checked) after use. */
    private static final BufferAllocator ROOT = new RootAllocator();
    /**
     * DuckDB's row-group size: a table created from a stream stores each batch in row groups of its own, so smaller
     * batches leave them part-filled (65,536-row batches made a 10^8-point generation's labels table two blocks larger).
     */
    private static final int BATCH_ROWS = 122_880;

    private ArrowStreams() {
    }

    /** A child of the process's allocator, for one stream read from DuckDB; close it after the stream. */
    public static BufferAllocator childAllocator(String name) {
        return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
    }

    /** Fills the next batch of a stream. */
    public interface BatchFiller {
        /** Fills {@code root} with up to {@code maxRows} rows (vectors prepared with {@link #allocate}); 0 ends the stream. */
        int fill(VectorSchemaRoot root, int maxRows);
    }

    /** SQL that consumes the registered stream. */
    public interface StreamConsumer {
        void run() throws SQLException;
    }

    /**
     * Registers the rows {@code filler} produces as the view {@code view} on {@code connection}, runs {@code consumer}
     * (which must read the view exactly once), and drops the view.
     */
    public static void scan(DuckDBConnection connection, String view, Schema schema, BatchFiller filler,
            StreamConsumer consumer) throws SQLException {
        scan(connection, view, schema, Map.of(), filler, consumer);
    }

    /**
     * Like {@link #scan(DuckDBConnection, String, Schema, BatchFiller, StreamConsumer)} for a schema with
     * dictionary-encoded string columns: {@code dictionaries} gives each dictionary id's values, and the filler
     * writes indexes into them.
     */
    public static void scan(DuckDBConnection connection, String view, Schema schema,
            Map<Long, List<String>> dictionaries, BatchFiller filler, StreamConsumer consumer) throws SQLException {
        try (BufferAllocator allocator = ROOT.newChildAllocator(view, 0, Long.MAX_VALUE);
                FillingReader reader = new FillingReader(allocator, schema, dictionaries, filler);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            connection.registerArrowStream(view, stream);
            try {
                consumer.run();
            } finally {
                try (Statement drop = connection.createStatement()) {
                    drop.execute("DROP VIEW IF EXISTS " + view);
                }
            }
        } catch (IOException e) {
            // Only closing the in-memory reader can throw this, and it holds no external resource.
            throw new PocaduckIOException("releasing the Arrow stream " + view + " failed", e);
        }
    }

    /** Prepares a fixed-width vector for {@code rows} non-null values. */
    public static void allocate(FieldVector vector, int rows) {
        vector.clear();
        vector.setInitialCapacity(rows);
        vector.allocateNew();
        markAllValid(vector);
    }

    /** Prepares a string vector for {@code rows} non-null values of about {@code bytes} bytes in all. */
    public static void allocate(VarCharVector vector, int rows, long bytes) {
        vector.clear();
        vector.allocateNew(Math.max(bytes, 1), rows);
        markAllValid(vector);
    }

    /** Points are never null, but Arrow still exports a validity bitmap: mark every slot valid in one pass. */
    private static void markAllValid(FieldVector vector) {
        vector.getValidityBuffer().setOne(0, vector.getValidityBuffer().capacity());
    }

    private static final class FillingReader extends ArrowReader {
        private final Schema schema;
        private final Map<Long, List<String>> dictionaryValues;
        private final BatchFiller filler;
        private boolean dictionariesFilled;

        FillingReader(BufferAllocator allocator, Schema schema, Map<Long, List<String>> dictionaryValues,
                BatchFiller filler) {
            super(allocator);
            this.schema = schema;
            this.dictionaryValues = dictionaryValues;
            this.filler = filler;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            VectorSchemaRoot root = getVectorSchemaRoot();
            if (!dictionariesFilled) {
                // The reader created an empty vector per dictionary from the schema; it owns and closes them.
                getDictionaryVectors().forEach((id, dictionary) -> fill((VarCharVector) dictionary.getVector(),
                        dictionaryValues.get(id)));
                dictionariesFilled = true;
            }
            int rows = filler.fill(root, BATCH_ROWS);
            root.setRowCount(rows);
            return rows > 0;
        }

        private static void fill(VarCharVector vector, List<String> values) {
            vector.allocateNew(values.size());
            for (int i = 0; i < values.size(); i++) {
                vector.setSafe(i, values.get(i).getBytes(StandardCharsets.UTF_8));
            }
            vector.setValueCount(values.size());
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
        }

        @Override
        protected Schema readSchema() {
            return schema;
        }
    }
}
