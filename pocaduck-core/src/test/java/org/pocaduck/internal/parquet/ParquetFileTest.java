package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads DuckDB-written files and compares every value with what DuckDB itself reads for the same rows. */
class ParquetFileTest {
    private static final int ROWS = 1_000_000;
    private static final String[] COLUMNS = {"x", "y", "z", "i", "f", "d", "u", "lx", "li", "lf", "ld", "mx", "md"};
    private static final String[] ALL_COLUMNS = {"x", "y", "z", "i", "f", "d", "u", "lx", "li", "lf", "ld", "mx",
            "md", "block_id"};
    private static final String[] FILES = {"v1-optional-small-groups", "v1-optional-default-groups", "v1-required",
            "v1-optional-uncompressed", "v2-required-no-dictionary", "v2-optional"};
    private static final Class<?>[] TYPES = {long[].class, long[].class, long[].class, int[].class, float[].class,
            double[].class, long[].class, long[].class, int[].class, float[].class, double[].class, long[].class,
            double[].class};

    private static final long[] LONG_EXTREMES = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1};
    private static final int[] INT_EXTREMES = {Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0, 1};
    private static final float[] FLOAT_EXTREMES = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            -0.0f, Float.MIN_VALUE, -Float.MAX_VALUE};
    private static final double[] DOUBLE_EXTREMES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            -0.0, Double.MIN_VALUE, -Double.MAX_VALUE};

    @TempDir
    static Path dir;
    private static DuckDbReference duckdb;

    @BeforeAll
    static void writeFiles() throws Exception {
        duckdb = new DuckDbReference();
        duckdb.execute("CREATE TABLE points (x BIGINT, y BIGINT, z BIGINT, i INTEGER, f FLOAT, d DOUBLE, u UBIGINT,"
                + " lx BIGINT, li INTEGER, lf FLOAT, ld DOUBLE, mx BIGINT, md DOUBLE, block_id VARCHAR)");
        Random random = new Random(20_240_611);
        long x = 0;
        long y = 0;
        long z = 0;
        try (DuckDBAppender appender = duckdb.connection().unwrap(DuckDBConnection.class)
                .createAppender("main", "points")) {
            for (int row = 0; row < ROWS; row++) {
                // Random walks like point coordinates; DuckDB picks dictionary or PLAIN per row group.
                x += random.nextInt(2001) - 1000;
                y += random.nextInt(2001) - 1000;
                z += random.nextInt(201) - 100;
                boolean extreme = row < 5 || row >= ROWS - 5 || row % 99_991 == 0;
                int e = row % 5;
                appender.beginRow();
                appender.append(extreme ? LONG_EXTREMES[e] : x);
                appender.append(y);
                appender.append(z);
                appender.append(extreme ? INT_EXTREMES[e] : random.nextInt());
                appender.append(extreme ? FLOAT_EXTREMES[row % 6] : (random.nextFloat() - 0.5f) * 1e6f);
                appender.append(extreme ? DOUBLE_EXTREMES[row % 6] : random.nextGaussian() * 1e9);
                appender.append(extreme ? LONG_EXTREMES[e] : random.nextLong());
                appender.append(LONG_EXTREMES[random.nextInt(5)]);
                appender.append(INT_EXTREMES[random.nextInt(5)]);
                appender.append(FLOAT_EXTREMES[random.nextInt(6)]);
                appender.append(DOUBLE_EXTREMES[random.nextInt(6)]);
                // Thousands of distinct values: dictionary pages whose index data is larger than one streaming step.
                appender.append(random.nextInt(20_000) * 1_000_003L);
                appender.append(random.nextInt(3000) * 0.25);
                appender.append("block-" + row / 5000);
                appender.endRow();
            }
        }
        // DuckDB marks a column REQUIRED when it can prove it has no nulls, as for this table; the CASE hides that.
        String optional = "SELECT " + String.join(", ", Arrays.stream(ALL_COLUMNS)
                .map(c -> "CASE WHEN " + c + " IS NULL THEN NULL ELSE " + c + " END AS " + c).toList())
                + " FROM points";
        String required = "SELECT * FROM points";
        duckdb.copy(optional, file("v1-optional-small-groups"), "COMPRESSION zstd, ROW_GROUP_SIZE 20480");
        duckdb.copy(optional, file("v1-optional-default-groups"), "COMPRESSION zstd");
        duckdb.copy(required, file("v1-required"), "COMPRESSION zstd");
        duckdb.copy(optional, file("v1-optional-uncompressed"), "COMPRESSION uncompressed, ROW_GROUP_SIZE 100000");
        duckdb.copy(required, file("v2-required-no-dictionary"),
                "COMPRESSION zstd, PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 1, ROW_GROUP_SIZE 65536");
        duckdb.copy(optional, file("v2-optional"), "COMPRESSION zstd, PARQUET_VERSION V2, ROW_GROUP_SIZE 20480");
    }

    @AfterAll
    static void close() throws Exception {
        duckdb.close();
    }

    private static Path file(String name) {
        return dir.resolve(name + ".parquet");
    }

    @Test
    void filesHoldTheEncodingsAndRepetitionsTheyAreMeantTo() throws Exception {
        String[] types = {"INT32", "INT64", "FLOAT", "DOUBLE"};
        for (String type : types) {
            assertThat(encodings("v1-optional-small-groups")).contains(type + " PLAIN", type + " PLAIN_DICTIONARY");
            assertThat(encodings("v2-optional")).contains(type + " RLE_DICTIONARY");
        }
        for (String type : new String[] {"INT32", "INT64"}) {
            assertThat(encodings("v2-required-no-dictionary")).contains(type + " DELTA_BINARY_PACKED");
            assertThat(encodings("v2-optional")).contains(type + " DELTA_BINARY_PACKED");
        }
        for (String type : new String[] {"FLOAT", "DOUBLE"}) {
            assertThat(encodings("v2-required-no-dictionary")).contains(type + " BYTE_STREAM_SPLIT");
            assertThat(encodings("v2-optional")).contains(type + " BYTE_STREAM_SPLIT");
        }
        assertThat(encodings("v2-required-no-dictionary")).noneMatch(e -> e.contains("DICTIONARY"));
        for (String name : FILES) {
            String wanted = name.contains("required") ? "REQUIRED" : "OPTIONAL";
            assertThat(query("SELECT DISTINCT repetition_type FROM parquet_schema(?) WHERE name <> 'duckdb_schema'",
                    name)).as(name).containsExactly(wanted);
        }
        // Dictionary index data larger than a streaming step, behind definition levels: the dictionary must be
        // decompressed before, not in the middle of, the data page.
        assertThat(query("SELECT count(*) FROM parquet_metadata(?) WHERE encodings = 'PLAIN_DICTIONARY'"
                + " AND total_uncompressed_size > 200000", "v1-optional-default-groups").get(0))
                .isNotEqualTo("0");
    }

    private static List<String> encodings(String name) throws Exception {
        return query("SELECT DISTINCT type || ' ' || encodings FROM parquet_metadata(?)", name);
    }

    private static List<String> query(String sql, String name) throws Exception {
        List<String> found = new ArrayList<>();
        try (PreparedStatement statement = duckdb.connection().prepareStatement(sql)) {
            statement.setString(1, file(name).toString());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    @Test
    void describesTheFileLikeDuckDb() throws Exception {
        try (LocalFileSource source = new LocalFileSource(file("v1-optional-small-groups"))) {
            ParquetFile parquet = ParquetFile.open(source);
            assertThat(parquet.rowCount()).isEqualTo(ROWS);
            assertThat(parquet.columnNames()).containsExactly("x", "y", "z", "i", "f", "d", "u", "lx", "li", "lf",
                    "ld", "mx", "md", "block_id");
            List<Long> firstRows = new ArrayList<>();
            String sql = "SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(?) ORDER BY 1";
            try (PreparedStatement statement = duckdb.connection().prepareStatement(sql)) {
                statement.setString(1, file("v1-optional-small-groups").toString());
                try (ResultSet rows = statement.executeQuery()) {
                    long first = 0;
                    while (rows.next()) {
                        firstRows.add(first);
                        first += rows.getLong(2);
                    }
                }
            }
            assertThat(parquet.rowGroupCount()).isEqualTo(firstRows.size()).isGreaterThan(40);
            for (int g = 0; g < firstRows.size(); g++) {
                assertThat(parquet.rowGroupFirstRow(g)).isEqualTo(firstRows.get(g));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void readsRandomRangesLikeDuckDb(String name) throws Exception {
        Random random = new Random(name.hashCode());
        try (LocalFileSource source = new LocalFileSource(file(name))) {
            ParquetFile parquet = ParquetFile.open(source);
            for (int trial = 0; trial < 40; trial++) {
                int kind = random.nextInt(10);
                int count = kind < 5 ? 1 + random.nextInt(100) : kind < 8 ? 100 + random.nextInt(10_000)
                        : 10_000 + random.nextInt(290_000);
                long first = (long) (random.nextDouble() * (ROWS - count + 1));
                assertReadsLikeDuckDb(parquet, source, first, count, random.nextInt(3));
            }
        }
    }

    /** A file opened from its stored layout reads exactly what DuckDB reads, without ever touching its footer. */
    @ParameterizedTest
    @MethodSource("files")
    void readsRandomRangesFromItsStoredLayoutLikeDuckDb(String name) throws Exception {
        Random random = new Random(name.hashCode() + 1);
        byte[] layout = ParquetFile.layoutOf(file(name));
        try (LocalFileSource source = new LocalFileSource(file(name))) {
            ParquetFile parquet = ParquetFile.ofLayout(name, layout, source.size());
            assertThat(parquet.rowCount()).isEqualTo(ROWS);
            assertThat(parquet.columnNames()).containsExactly(ALL_COLUMNS);
            for (int trial = 0; trial < 20; trial++) {
                int count = 1 + random.nextInt(random.nextBoolean() ? 100 : 100_000);
                long first = (long) (random.nextDouble() * (ROWS - count + 1));
                assertReadsLikeDuckDb(parquet, source, first, count, random.nextInt(3));
            }
        }
    }

    /**
     * A layout cut for several row ranges at once, as a label page cuts one per file, of adjacent columns (format 3:
     * one checksum per row group) and of columns apart (format 2: one per column chunk), reads exactly what DuckDB
     * reads in each range, and refuses rows of row groups that no range touches.
     */
    @ParameterizedTest
    @MethodSource("files")
    void readsRandomRangesThroughAPartialLayoutLikeDuckDb(String name) throws Exception {
        Random random = new Random(name.hashCode() + 2);
        try (LocalFileSource source = new LocalFileSource(file(name))) {
            ParquetFile whole = ParquetFile.ofLayout(name, ParquetFile.layoutOf(file(name)), source.size());
            ColumnRowGroups adjacentGroups = whole.rowGroups(List.of(COLUMNS));
            ColumnRowGroups apartGroups = whole.rowGroups(List.of("x", "z", "d"));
            for (int trial = 0; trial < 8; trial++) {
                int ranges = 1 + random.nextInt(4);
                long[] firsts = new long[ranges];
                int[] counts = new int[ranges];
                for (int r = 0; r < ranges; r++) {
                    counts[r] = 1 + random.nextInt(random.nextBoolean() ? 100 : 30_000);
                    firsts[r] = (long) (random.nextDouble() * (ROWS - counts[r] + 1));
                }
                byte[] adjacent = adjacentGroups.layout(firsts, counts);
                assertThat(adjacent[0]).as("format").isEqualTo((byte) 3);
                ParquetFile partial = ParquetFile.ofLayout(name, adjacent, source.size());
                byte[] apart = apartGroups.layout(firsts, counts);
                assertThat(apart[0]).as("format").isEqualTo((byte) 2);
                ParquetFile columns = ParquetFile.ofLayout(name, apart, source.size());
                for (int r = 0; r < ranges; r++) {
                    assertReadsLikeDuckDb(partial, source, firsts[r], counts[r], random.nextInt(3));
                    assertReadsLikeDuckDbThroughColumnsApart(columns, source, name, firsts[r], counts[r]);
                }
                long untouched = untouchedRow(whole, firsts, counts, random);
                if (untouched >= 0) {
                    assertThat(partial.covers(untouched, 1)).as("row " + untouched).isFalse();
                    assertThat(columns.covers(untouched, 1)).as("row " + untouched).isFalse();
                }
            }
        }
    }

    private void assertReadsLikeDuckDbThroughColumnsApart(ParquetFile columns, ByteSource source, String name,
            long first, int count) throws Exception {
        long[] x = new long[count];
        long[] z = new long[count];
        double[] d = new double[count];
        columns.readRows(source, first, count, new String[] {"x", "z", "d"}, new Object[] {x, z, d}, 0);
        Object[] expected = duckdb.read(file(name), new String[] {"x", "z", "d"},
                new Class<?>[] {long[].class, long[].class, double[].class}, first, count);
        assertSameValues(expected[0], 0, x, 0, count, "x");
        assertSameValues(expected[1], 0, z, 0, count, "z");
        assertSameValues(expected[2], 0, d, 0, count, "d");
    }

    /** A random row in a row group that holds no row of the ranges, or -1 if every group holds one. */
    private static long untouchedRow(ParquetFile file, long[] firsts, int[] counts, Random random) {
        List<Integer> untouched = new java.util.ArrayList<>();
        for (int g = 0; g < file.rowGroupCount(); g++) {
            long start = file.rowGroupFirstRow(g);
            long end = g + 1 < file.rowGroupCount() ? file.rowGroupFirstRow(g + 1) : file.rowCount();
            boolean touched = false;
            for (int r = 0; r < firsts.length; r++) {
                touched |= firsts[r] < end && firsts[r] + counts[r] > start;
            }
            if (!touched && end > start) {
                untouched.add(g);
            }
        }
        if (untouched.isEmpty()) {
            return -1;
        }
        int g = untouched.get(random.nextInt(untouched.size()));
        long end = g + 1 < file.rowGroupCount() ? file.rowGroupFirstRow(g + 1) : file.rowCount();
        return file.rowGroupFirstRow(g) + (long) (random.nextDouble() * (end - file.rowGroupFirstRow(g)));
    }

    /**
     * Every flipped bit of a stored layout, full (format 2) or of row groups (format 3), and a layout that does not fit
     * its file, is refused, naming the file.
     */
    @Test
    void refusesACorruptOrMisfittingLayout() throws Exception {
        Path path = file("v2-optional");
        byte[] full = ParquetFile.layoutOf(path);
        long size = java.nio.file.Files.size(path);
        byte[] ofRowGroups = ParquetFile.ofLayout("v2-optional", full, size).rowGroups(List.of(COLUMNS))
                .layout(new long[] {0}, new int[] {ROWS});
        assertThat(ofRowGroups[0]).as("format").isEqualTo((byte) 3);
        Random random = new Random(61);
        for (byte[] layout : List.of(full, ofRowGroups)) {
            for (int trial = 0; trial < 500; trial++) {
                byte[] flipped = layout.clone();
                int bit = random.nextInt(flipped.length * 8);
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                assertThatThrownBy(() -> ParquetFile.ofLayout("v2-optional", flipped, size)).as("bit " + bit)
                        .isInstanceOf(ParquetFormatException.class).hasMessageContaining("v2-optional");
            }
            assertThatThrownBy(() -> ParquetFile.ofLayout("v2-optional", layout, size / 2))
                    .isInstanceOf(ParquetFormatException.class).hasMessageContaining("outside the file's " + size / 2);
            assertThatThrownBy(() -> ParquetFile.ofLayout("v2-optional", Arrays.copyOf(layout, 3), size))
                    .isInstanceOf(ParquetFormatException.class).hasMessageContaining("only 3 bytes");
        }
    }

    /** A layout stored before checksums were kept (format 1, as a footer gives) still reads like DuckDB. */
    @Test
    void readsThroughALayoutWithoutChecksums() throws Exception {
        String name = "v2-required-no-dictionary";
        Random random = new Random(67);
        try (LocalFileSource source = new LocalFileSource(file(name))) {
            byte[] layout = ParquetFile.open(source).layout();
            assertThat(layout[0]).as("format").isEqualTo((byte) 1);
            ParquetFile parquet = ParquetFile.ofLayout(name, layout, source.size());
            for (int trial = 0; trial < 5; trial++) {
                int count = 1 + random.nextInt(50_000);
                assertReadsLikeDuckDb(parquet, source, (long) (random.nextDouble() * (ROWS - count + 1)), count, 0);
            }
        }
    }

    /**
     * A flipped bit anywhere in a file read through its stored layout: reads give the same values or an error naming
     * the file, and checking the file's metadata and data always names it, since every byte is under a checksum.
     */
    @Test
    void aFlippedBitReadsTheSameValuesOrFailsAndIsAlwaysFound(@TempDir Path temp) throws Exception {
        Path path = temp.resolve("flipped.parquet");
        duckdb.copy("SELECT * FROM points LIMIT 30000", path,
                "COMPRESSION zstd, PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 1, ROW_GROUP_SIZE 4096");
        byte[] original = java.nio.file.Files.readAllBytes(path);
        byte[] layout = ParquetFile.layoutOf(path);
        ParquetFile parquet = ParquetFile.ofLayout(path.toString(), layout, original.length);
        ParquetFile partial = ParquetFile.ofLayout(path.toString(), parquet.rowGroups(List.of(COLUMNS))
                .layout(new long[] {0}, new int[] {30_000}), original.length);
        Object[] expected = newArrays(30_000, 0);
        try (LocalFileSource source = new LocalFileSource(path)) {
            parquet.readRows(source, 0, 30_000, COLUMNS, expected, 0);
        }
        Random random = new Random(71);
        int failedReads = 0;
        int failedPartialReads = 0;
        for (int trial = 0; trial < 300; trial++) {
            byte[] flipped = original.clone();
            int bit = random.nextInt(flipped.length * 8);
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            java.nio.file.Files.write(path, flipped);
            try (LocalFileSource source = new LocalFileSource(path)) {
                failedReads += failsOrReadsExpected(parquet, source, expected, bit) ? 1 : 0;
                failedPartialReads += failsOrReadsExpected(partial, source, expected, bit) ? 1 : 0;
                assertThatThrownBy(() -> {
                    parquet.checkMetadata(source);
                    parquet.checkData(source);
                }).as("bit %d", bit).isInstanceOf(ParquetFormatException.class).hasMessageContaining(path.toString());
            }
        }
        assertThat(failedReads).isGreaterThan(200);
        assertThat(failedPartialReads).isGreaterThan(200);
    }

    /** Whether reading the first 30,000 rows failed, naming the file; a read that does not fail must be right. */
    private static boolean failsOrReadsExpected(ParquetFile parquet, LocalFileSource source, Object[] expected,
                                                int bit) throws Exception {
        Object[] actual = newArrays(30_000, 0);
        try {
            parquet.readRows(source, 0, 30_000, COLUMNS, actual, 0);
        } catch (ParquetFormatException e) {
            assertThat(e.getMessage()).as("bit %d", bit).contains(source.toString());
            return true;
        }
        for (int c = 0; c < COLUMNS.length; c++) {
            assertSameValues(expected[c], 0, actual[c], 0, 30_000, COLUMNS[c] + ", bit " + bit);
        }
        return false;
    }

    @ParameterizedTest
    @MethodSource("files")
    void readsEdgeRangesLikeDuckDb(String name) throws Exception {
        try (LocalFileSource source = new LocalFileSource(file(name))) {
            ParquetFile parquet = ParquetFile.open(source);
            assertReadsLikeDuckDb(parquet, source, 0, 1, 0);
            assertReadsLikeDuckDb(parquet, source, ROWS - 1, 1, 0);
            assertReadsLikeDuckDb(parquet, source, 0, ROWS, 0);
            for (int g : new int[] {1, parquet.rowGroupCount() / 2, parquet.rowGroupCount() - 1}) {
                long start = parquet.rowGroupFirstRow(g);
                long next = g + 1 < parquet.rowGroupCount() ? parquet.rowGroupFirstRow(g + 1) : ROWS;
                assertReadsLikeDuckDb(parquet, source, start, 1, 0);
                assertReadsLikeDuckDb(parquet, source, start - 1, 1, 0);
                assertReadsLikeDuckDb(parquet, source, start - 1, 2, 0);
                assertReadsLikeDuckDb(parquet, source, next - 1, 1, 0);
                assertReadsLikeDuckDb(parquet, source, start, (int) (next - start), 0);
                assertReadsLikeDuckDb(parquet, source, start - 17, (int) (next - start) + 34 - (next == ROWS ? 17 : 0),
                        1);
            }
            if (parquet.rowGroupCount() > 3) {
                long from = parquet.rowGroupFirstRow(1) + 5;
                assertReadsLikeDuckDb(parquet, source, from, (int) (parquet.rowGroupFirstRow(3) + 5 - from), 2);
            }
            assertReadsLikeDuckDb(parquet, source, 12_345, 0, 0);
        }
    }

    static String[] files() {
        return FILES;
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1-optional-default-groups", "v2-required-no-dictionary"})
    void concurrentReadsAgree(String name) throws Exception {
        Path path = file(name);
        Object[] whole = duckdb.read(path, COLUMNS, TYPES, 0, ROWS);
        try (LocalFileSource source = new LocalFileSource(path)) {
            ParquetFile parquet = ParquetFile.open(source);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    Random random = new Random(t);
                    results.add(pool.submit(() -> {
                        for (int trial = 0; trial < 100; trial++) {
                            int count = 1 + random.nextInt(random.nextBoolean() ? 100 : 50_000);
                            long first = (long) (random.nextDouble() * (ROWS - count + 1));
                            Object[] actual = newArrays(count, 0);
                            parquet.readRows(source, first, count, COLUMNS, actual, 0);
                            for (int c = 0; c < COLUMNS.length; c++) {
                                assertSameValues(whole[c], (int) first, actual[c], 0, count, COLUMNS[c]);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> result : results) {
                    result.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void opensAFileWithoutRows() throws Exception {
        Path path = file("empty");
        duckdb.copy("SELECT 1::BIGINT AS x WHERE false", path, "COMPRESSION zstd");
        try (LocalFileSource source = new LocalFileSource(path)) {
            ParquetFile parquet = ParquetFile.open(source);
            assertThat(parquet.rowCount()).isZero();
            assertThat(parquet.columnNames()).containsExactly("x");
            parquet.readRows(source, 0, 0, new String[] {"x"}, new Object[] {new long[0]}, 0);
            assertThatThrownBy(() -> parquet.readRows(source, 0, 1, new String[] {"x"}, new Object[] {new long[1]}, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 rows");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ", PARQUET_VERSION V2"})
    void readsAroundNullsAndRefusesRangesHoldingOne(String version) throws Exception {
        Path path = file("nulls" + version.length());
        duckdb.copy("SELECT CASE WHEN i % 1000 = 999 THEN NULL ELSE i * 3 END::BIGINT AS n,"
                + " CASE WHEN i % 1000 = 999 THEN NULL ELSE i % 10 END::DOUBLE AS m FROM range(200000) t(i)",
                path, "COMPRESSION zstd, ROW_GROUP_SIZE 40960" + version);
        String[] columns = {"n", "m"};
        try (LocalFileSource source = new LocalFileSource(path)) {
            ParquetFile parquet = ParquetFile.open(source);
            for (long first : new long[] {0, 1000, 41_000, 150_000, 199_000}) {
                Object[] expected = duckdb.read(path, columns, new Class<?>[] {long[].class, double[].class}, first,
                        999);
                Object[] actual = {new long[999], new double[999]};
                parquet.readRows(source, first, 999, columns, actual, 0);
                assertSameValues(expected[0], 0, actual[0], 0, 999, "n");
                assertSameValues(expected[1], 0, actual[1], 0, 999, "m");
            }
            assertThatThrownBy(() -> parquet.readRows(source, 150_990, 20, new String[] {"m"},
                    new Object[] {new double[20]}, 0))
                    .isInstanceOf(ParquetFormatException.class)
                    .hasMessageContaining("column m")
                    .hasMessageContaining("row 150999")
                    .hasMessageContaining(path.toString());
        }
    }

    private static void assertReadsLikeDuckDb(ParquetFile parquet, ByteSource source, long first, int count,
                                              int dstOffset) throws Exception {
        Path path = Path.of(source.toString());
        Object[] actual = newArrays(count, dstOffset);
        parquet.readRows(source, first, count, COLUMNS, actual, dstOffset);
        if (count == 0) {
            return;
        }
        Object[] expected = duckdb.read(path, COLUMNS, TYPES, first, count);
        for (int c = 0; c < COLUMNS.length; c++) {
            assertSameValues(expected[c], 0, actual[c], dstOffset, count,
                    COLUMNS[c] + " rows [" + first + ", " + (first + count) + ") of " + path.getFileName());
            assertUntouchedMargins(actual[c], dstOffset, count);
        }
    }

    /** Arrays for all columns with {@code offset} sentinel slots before and 2 after the values. */
    private static Object[] newArrays(int count, int offset) {
        Object[] arrays = new Object[COLUMNS.length];
        for (int c = 0; c < COLUMNS.length; c++) {
            Object array = java.lang.reflect.Array.newInstance(TYPES[c].getComponentType(), count + offset + 2);
            if (array instanceof long[] longs) {
                Arrays.fill(longs, 0x5EED);
            } else if (array instanceof int[] ints) {
                Arrays.fill(ints, 0x5EED);
            } else if (array instanceof float[] floats) {
                Arrays.fill(floats, 0x5EED);
            } else {
                Arrays.fill((double[]) array, 0x5EED);
            }
            arrays[c] = array;
        }
        return arrays;
    }

    private static void assertUntouchedMargins(Object array, int offset, int count) {
        int length = java.lang.reflect.Array.getLength(array);
        for (int i = 0; i < length; i++) {
            if (i < offset || i >= offset + count) {
                assertThat(((Number) java.lang.reflect.Array.get(array, i)).doubleValue()).isEqualTo(0x5EED);
            }
        }
    }

    /** Compares values bit for bit, except that all NaNs are equal (DuckDB may canonicalize their payloads). */
    static void assertSameValues(Object expected, int expectedOffset, Object actual, int actualOffset, int count,
                                 String what) {
        long[] want = bits(expected, expectedOffset, count);
        long[] got = bits(actual, actualOffset, count);
        for (int i = 0; i < count; i++) {
            if (want[i] != got[i]) {
                throw new AssertionError(what + ": value " + i + " is " + java.lang.reflect.Array.get(actual,
                        actualOffset + i) + ", DuckDB says " + java.lang.reflect.Array.get(expected,
                        expectedOffset + i));
            }
        }
    }

    private static long[] bits(Object array, int offset, int count) {
        long[] bits = new long[count];
        for (int i = 0; i < count; i++) {
            if (array instanceof long[] longs) {
                bits[i] = longs[offset + i];
            } else if (array instanceof int[] ints) {
                bits[i] = ints[offset + i];
            } else if (array instanceof float[] floats) {
                bits[i] = Float.floatToIntBits(floats[offset + i]);
            } else {
                bits[i] = Double.doubleToLongBits(((double[]) array)[offset + i]);
            }
        }
        return bits;
    }
}
