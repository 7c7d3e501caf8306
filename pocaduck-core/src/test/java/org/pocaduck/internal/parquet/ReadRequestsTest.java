package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reader asks of its {@link ByteSource}: few reads, since each may be an object-store request. */
class ReadRequestsTest {
    @TempDir
    static Path dir;
    private static DuckDbReference duckdb;
    private static Path points;

    @BeforeAll
    static void writeFile() throws Exception {
        duckdb = new DuckDbReference();
        points = dir.resolve("points.parquet");
        duckdb.copy("SELECT i::BIGINT AS x, (i * 2)::BIGINT AS y, (i % 5)::BIGINT AS z, 'b' AS block_id"
                + " FROM range(100000) t(i)", points, "COMPRESSION zstd, ROW_GROUP_SIZE 20480");
    }

    @AfterAll
    static void close() throws Exception {
        duckdb.close();
    }

    @Test
    void readsTheFooterOnceAndTheNeededChunksOfNeighbouringRowGroupsInOneRequest() throws Exception {
        try (RecordingSource source = new RecordingSource(new LocalFileSource(points), UnaryOperator.identity())) {
            ParquetFile parquet = ParquetFile.open(source);
            assertThat(source.reads).hasSize(1);
            source.reads.clear();

            long first = parquet.rowGroupFirstRow(1) - 10;
            long[] x = new long[20];
            long[] z = new long[20];
            parquet.readRows(source, first, 20, new String[] {"x", "z"}, new Object[] {x, z}, 0);
            // x and z of row groups 0 and 1 lie together, with y between them: one request, not four.
            assertThat(source.reads).hasSize(1);
            assertThat(source.reads.get(0)[1]).isLessThan(Files.size(points) / 2);
            for (int i = 0; i < 20; i++) {
                assertThat(x[i]).isEqualTo(first + i);
                assertThat(z[i]).isEqualTo((first + i) % 5);
            }
        }
    }

    @Test
    void readsALargeFooterWithASecondRead() throws Exception {
        StringBuilder columns = new StringBuilder("SELECT i::BIGINT AS c0");
        for (int c = 1; c < 120; c++) {
            columns.append(", (i + ").append(c).append(")::BIGINT AS c").append(c);
        }
        Path wide = dir.resolve("wide.parquet");
        duckdb.copy(columns + " FROM range(40960) t(i)", wide, "COMPRESSION zstd, ROW_GROUP_SIZE 2048");
        assertThat(footerSize(wide)).isGreaterThan(64 * 1024);
        try (RecordingSource source = new RecordingSource(new LocalFileSource(wide), UnaryOperator.identity())) {
            ParquetFile parquet = ParquetFile.open(source);
            assertThat(source.reads).hasSize(2);
            assertThat(parquet.columnNames()).hasSize(120);
            long[] values = new long[3];
            parquet.readRows(source, 40_000, 3, new String[] {"c119"}, new Object[] {values}, 0);
            assertThat(values).containsExactly(40_119, 40_120, 40_121);
        }
    }

    @Test
    void acceptsDirectAndOffsetBuffersFromTheSource() throws Exception {
        UnaryOperator<ByteBuffer> direct = buffer -> ByteBuffer.allocateDirect(buffer.remaining()).put(buffer).flip();
        UnaryOperator<ByteBuffer> offset = buffer -> {
            ByteBuffer larger = ByteBuffer.allocate(buffer.remaining() + 13);
            larger.position(7);
            return larger.slice().put(buffer).flip().position(0);
        };
        for (UnaryOperator<ByteBuffer> shape : List.of(direct, offset)) {
            try (RecordingSource source = new RecordingSource(new LocalFileSource(points), shape)) {
                ParquetFile parquet = ParquetFile.open(source);
                long[] y = new long[50_000];
                parquet.readRows(source, 25_000, 50_000, new String[] {"y"}, new Object[] {y}, 0);
                for (int i = 0; i < y.length; i++) {
                    assertThat(y[i]).isEqualTo(2L * (25_000 + i));
                }
            }
        }
    }

    private static long footerSize(Path file) throws Exception {
        try (PreparedStatement statement = duckdb.connection().prepareStatement(
                "SELECT footer_size FROM parquet_file_metadata(?)")) {
            statement.setString(1, file.toString());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Records each read and hands back the bytes in a buffer of the given shape. */
    private static final class RecordingSource implements ByteSource {
        final List<long[]> reads = new ArrayList<>();
        private final ByteSource delegate;
        private final UnaryOperator<ByteBuffer> shape;

        RecordingSource(ByteSource delegate, UnaryOperator<ByteBuffer> shape) {
            this.delegate = delegate;
            this.shape = shape;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public synchronized ByteBuffer read(long position, int length) throws IOException {
            reads.add(new long[] {position, length});
            return shape.apply(delegate.read(position, length));
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
