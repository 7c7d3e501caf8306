package org.pocaduck.internal.index;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.pocaduck.internal.io.ArrowStreams;

/**
 * The rows of a generation index's {@code labels} table, collected in label order while its label pages are written
 * (which read every chunk in that order anyway) and spilled to a scratch file, then loaded into DuckDB. Aggregating
 * the chunks table in SQL instead (by label and block, and by label and file, then joined) was the largest step of a
 * full consolidation at 10^9 points. The bounds follow SQL's {@code min} and {@code max} of doubles, where NaN is
 * above every number: a label's minimum is NaN only when all its chunks' are, its maximum when any chunk's is.
 */
final class LabelTotals implements AutoCloseable {
    /** Receives each label's totals, in label order. */
    interface Sink {
        Sink NONE = (label, points, blocks, files, bounds) -> { };

        /** {@code bounds}: per point column its minimum, then its maximum. */
        void add(long label, long points, int blocks, int files, double[] bounds) throws IOException;
    }

    private final Path file;
    private final int dimensions;
    private final DataOutputStream out;
    private long rows;

    private LabelTotals(Path file, int dimensions) throws IOException {
        this.file = file;
        this.dimensions = dimensions;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    /** Totals spilled to {@code file} (created; deleted by {@link #close()}). */
    static LabelTotals spillingTo(Path file, int dimensions) throws IOException {
        return new LabelTotals(file, dimensions);
    }

    /** The sink that spills what it receives. */
    Sink sink() {
        return (label, points, blocks, files, bounds) -> {
            out.writeLong(label);
            out.writeLong(points);
            out.writeInt(blocks);
            out.writeInt(files);
            for (int i = 0; i < 2 * dimensions; i++) {
                out.writeDouble(bounds[i]);
            }
            rows++;
        };
    }

    /** Creates {@code table} ({@code label, point_count, block_count, file_count, min_0, max_0, ...}) from the rows. */
    void createTable(DuckDBConnection duck, String table) throws IOException, SQLException {
        out.close();
        List<Field> fields = new ArrayList<>(List.of(Field.notNullable("label", new ArrowType.Int(64, false)),
                Field.notNullable("point_count", new ArrowType.Int(64, true)),
                Field.notNullable("block_count", new ArrowType.Int(32, true)),
                Field.notNullable("file_count", new ArrowType.Int(32, true))));
        for (int d = 0; d < dimensions; d++) {
            fields.add(Field.notNullable("min_" + d, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
            fields.add(Field.notNullable("max_" + d, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            ArrowStreams.scan(duck, "label_total_rows", new Schema(fields), (root, maxRows) -> fill(in, root, maxRows),
                    () -> DuckDb.execute(duck, "CREATE TABLE " + table + " AS SELECT * FROM label_total_rows"));
        }
    }

    private int fill(DataInputStream in, VectorSchemaRoot root, int maxRows) {
        int count = (int) Math.min(maxRows, rows);
        List<FieldVector> vectors = root.getFieldVectors();
        for (FieldVector vector : vectors) {
            ArrowStreams.allocate(vector, count);
        }
        UInt8Vector labels = (UInt8Vector) vectors.get(0);
        BigIntVector points = (BigIntVector) vectors.get(1);
        IntVector blocks = (IntVector) vectors.get(2);
        IntVector files = (IntVector) vectors.get(3);
        try {
            for (int r = 0; r < count; r++) {
                labels.set(r, in.readLong());
                points.set(r, in.readLong());
                blocks.set(r, in.readInt());
                files.set(r, in.readInt());
                for (int i = 0; i < 2 * dimensions; i++) {
                    ((Float8Vector) vectors.get(4 + i)).set(r, in.readDouble());
                }
            }
        } catch (EOFException e) {
            throw new UncheckedIOException(new IOException("the label totals in " + file + " end early", e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (FieldVector vector : vectors) {
            vector.setValueCount(count);
        }
        rows -= count;
        return count;
    }

    @Override
    public void close() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }
}
