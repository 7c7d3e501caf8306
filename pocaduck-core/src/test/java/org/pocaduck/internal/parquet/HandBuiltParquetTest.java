package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pocaduck.internal.parquet.HandBuiltParquet.PageKind.V1_DICTIONARY;
import static org.pocaduck.internal.parquet.HandBuiltParquet.PageKind.V1_PLAIN;
import static org.pocaduck.internal.parquet.HandBuiltParquet.PageKind.V2_DICTIONARY;
import static org.pocaduck.internal.parquet.HandBuiltParquet.PageKind.V2_PLAIN;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pocaduck.internal.parquet.HandBuiltParquet.Page;
import org.pocaduck.internal.parquet.HandBuiltParquet.PageKind;

/**
 * Files with layouts DuckDB does not write (several pages per chunk, v2 pages, PLAIN pages after dictionary pages,
 * unknown Thrift fields everywhere), built by hand; DuckDB reading them the same way checks the builder.
 */
class HandBuiltParquetTest {
    private static final int ROWS = 60_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsChunksOfManyPagesOfEveryKind(boolean zstd) throws Exception {
        Random random = new Random(zstd ? 1 : 2);
        long[] values = new long[ROWS];
        boolean[] nulls = new boolean[ROWS];
        for (int i = 0; i < ROWS; i++) {
            // Low cardinality in places, so dictionary pages have real repeats.
            values[i] = i % 3 == 0 ? random.nextLong() : random.nextInt(50) - 25;
            nulls[i] = random.nextInt(2000) == 0;
        }
        Path path = dir.resolve("pages.parquet");
        new HandBuiltParquet(values, nulls, zstd)
                .rowGroup(page(5000, V1_DICTIONARY), page(3000, V1_PLAIN), page(7000, V2_DICTIONARY),
                        page(1, V2_PLAIN), page(4999, V1_DICTIONARY))
                .rowGroup(page(20_000, V2_PLAIN))
                .rowGroup(manyPages(random, 20_000))
                .write(path);
        assertDuckDbReads(path, values, nulls);

        try (LocalFileSource source = new LocalFileSource(path)) {
            ParquetFile parquet = ParquetFile.open(source);
            assertThat(parquet.rowGroupCount()).isEqualTo(3);
            for (int trial = 0; trial < 400; trial++) {
                int count = 1 + random.nextInt(trial % 2 == 0 ? 300 : 30_000);
                int first = random.nextInt(ROWS - count + 1);
                int nullAt = firstNull(nulls, first, count);
                long[] actual = new long[count + 1];
                if (nullAt < 0) {
                    parquet.readRows(source, first, count, new String[] {"v"}, new Object[] {actual}, 1);
                    assertThat(Arrays.copyOfRange(actual, 1, count + 1))
                            .as("rows [%d, %d)", first, first + count)
                            .isEqualTo(Arrays.copyOfRange(values, first, first + count));
                } else {
                    assertThatThrownBy(() -> parquet.readRows(source, first, count, new String[] {"v"},
                            new Object[] {actual}, 1))
                            .isInstanceOf(ParquetFormatException.class)
                            .hasMessageContaining("row " + nullAt + " ");
                }
            }
        }
    }

    @Test
    void readsRequiredColumnsOfManyPages() throws Exception {
        Random random = new Random(3);
        long[] values = random.longs(ROWS, -1000, 1000).toArray();
        Path path = dir.resolve("required.parquet");
        new HandBuiltParquet(values, null, true)
                .rowGroup(manyPages(random, 30_000))
                .rowGroup(page(10_000, V2_DICTIONARY), page(20_000, V1_PLAIN))
                .write(path);
        assertDuckDbReads(path, values, new boolean[ROWS]);
        try (LocalFileSource source = new LocalFileSource(path)) {
            ParquetFile parquet = ParquetFile.open(source);
            long[] all = new long[ROWS];
            parquet.readRows(source, 0, ROWS, new String[] {"v"}, new Object[] {all}, 0);
            assertThat(all).isEqualTo(values);
            for (int trial = 0; trial < 200; trial++) {
                int count = 1 + random.nextInt(2000);
                int first = random.nextInt(ROWS - count + 1);
                long[] actual = new long[count];
                parquet.readRows(source, first, count, new String[] {"v"}, new Object[] {actual}, 0);
                assertThat(actual).isEqualTo(Arrays.copyOfRange(values, first, first + count));
            }
        }
    }

    private static Page page(int rows, PageKind kind) {
        return new Page(rows, kind);
    }

    /** Pages of 1 to 700 rows of random kinds, covering {@code rows} rows. */
    private static Page[] manyPages(Random random, int rows) {
        PageKind[] kinds = PageKind.values();
        java.util.List<Page> pages = new java.util.ArrayList<>();
        int left = rows;
        while (left > 0) {
            int n = Math.min(left, 1 + random.nextInt(700));
            pages.add(page(n, kinds[random.nextInt(kinds.length)]));
            left -= n;
        }
        return pages.toArray(new Page[0]);
    }

    private static int firstNull(boolean[] nulls, int first, int count) {
        for (int i = first; i < first + count; i++) {
            if (nulls[i]) {
                return i;
            }
        }
        return -1;
    }

    private static void assertDuckDbReads(Path path, long[] values, boolean[] nulls) throws Exception {
        try (DuckDbReference duckdb = new DuckDbReference();
             PreparedStatement statement = duckdb.connection().prepareStatement(
                     "SELECT v FROM read_parquet(?, file_row_number=true) ORDER BY file_row_number")) {
            statement.setString(1, path.toString());
            try (ResultSet rows = statement.executeQuery()) {
                int row = 0;
                while (rows.next()) {
                    long v = rows.getLong(1);
                    assertThat(rows.wasNull()).as("row %d is null", row).isEqualTo(nulls[row]);
                    if (!nulls[row]) {
                        assertThat(v).as("row %d", row).isEqualTo(values[row]);
                    }
                    row++;
                }
                assertThat(row).isEqualTo(values.length);
            }
        }
    }
}
