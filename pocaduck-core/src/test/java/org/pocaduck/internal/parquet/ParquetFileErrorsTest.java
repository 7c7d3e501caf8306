package org.pocaduck.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad arguments and bad files fail with exceptions that say what is wrong and where. */
class ParquetFileErrorsTest {
    private static final int ROWS = 100_000;
    private static final String POINTS = "SELECT (hash(i) >> 1)::BIGINT AS x, (i % 7)::BIGINT AS lx,"
            + " (i % 1000)::INTEGER AS n, random()::DOUBLE AS d, 'b' || (i // 100) AS block_id FROM range(" + ROWS
            + ") t(i)";

    @TempDir
    static Path dir;
    private static DuckDbReference duckdb;
    private static Path good;
    private static byte[] goodBytes;
    private static byte[] goodV2Bytes;

    @BeforeAll
    static void writeFile() throws Exception {
        duckdb = new DuckDbReference();
        good = dir.resolve("good.parquet");
        duckdb.copy(POINTS, good, "COMPRESSION zstd, ROW_GROUP_SIZE 20480");
        goodBytes = Files.readAllBytes(good);
        Path v2 = dir.resolve("good-v2.parquet");
        duckdb.copy(POINTS, v2, "COMPRESSION zstd, ROW_GROUP_SIZE 20480, PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 1");
        goodV2Bytes = Files.readAllBytes(v2);
    }

    @AfterAll
    static void close() throws Exception {
        duckdb.close();
    }

    @Test
    void rejectsRangesOutsideTheFile() throws Exception {
        try (LocalFileSource source = new LocalFileSource(good)) {
            ParquetFile parquet = ParquetFile.open(source);
            long[][] ranges = {{-1, 1}, {0, -1}, {ROWS, 1}, {ROWS - 10, 11}, {Long.MAX_VALUE, 1}};
            for (long[] range : ranges) {
                assertThatThrownBy(() -> parquet.readRows(source, range[0], (int) range[1], new String[] {"x"},
                        new Object[] {new long[20]}, 0))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(String.valueOf(range[0]))
                        .hasMessageContaining(ROWS + " rows")
                        .hasMessageContaining(good.toString());
            }
        }
    }

    @Test
    void rejectsBadColumnsAndDestinations() throws Exception {
        try (LocalFileSource source = new LocalFileSource(good)) {
            ParquetFile parquet = ParquetFile.open(source);
            assertThatThrownBy(() -> read(parquet, source, "nope", new long[10]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nope").hasMessageContaining("[x, lx, n, d, block_id]");
            assertThatThrownBy(() -> read(parquet, source, "x", new int[10]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("INT64").hasMessageContaining("long[]").hasMessageContaining("int[]");
            assertThatThrownBy(() -> read(parquet, source, "n", new long[10]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int[]");
            assertThatThrownBy(() -> read(parquet, source, "d", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("double[]");
            assertThatThrownBy(() -> read(parquet, source, "x", new long[9]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 9");
            assertThatThrownBy(() -> parquet.readRows(source, 0, 10, new String[] {"x"}, new Object[] {new long[12]},
                    3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 3");
            assertThatThrownBy(() -> read(parquet, source, "block_id", new long[10]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BYTE_ARRAY");
            assertThatThrownBy(() -> parquet.readRows(source, 0, 10, new String[] {"x", "lx"},
                    new Object[] {new long[10]}, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsFilesThatAreNotParquet() throws Exception {
        assertOpenFails("empty", new byte[0], "not a Parquet file");
        assertOpenFails("tiny", "PAR1PAR1".getBytes(), "not a Parquet file");
        assertOpenFails("text", "this is a plain text file, long enough to have a footer\n".getBytes(),
                "not a Parquet file");
        byte[] encrypted = goodBytes.clone();
        encrypted[encrypted.length - 1] = 'E';
        assertOpenFails("encrypted", encrypted, "encrypted");
    }

    @Test
    void rejectsTruncatedFiles() throws Exception {
        for (int length : new int[] {goodBytes.length - 1, goodBytes.length - 9, goodBytes.length / 2, 100, 12}) {
            assertOpenFails("truncated-" + length, Arrays.copyOf(goodBytes, length), "truncated");
        }
    }

    @Test
    void rejectsAFooterLengthThatDoesNotFit() throws Exception {
        byte[] bytes = goodBytes.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 8, bytes.length);
        assertOpenFails("long-footer", bytes, "footer length");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void corruptFootersNeverEscapeAsUncheckedExceptions(boolean v2) throws Exception {
        byte[] goodBytes = v2 ? goodV2Bytes : ParquetFileErrorsTest.goodBytes;
        int footerLength = ByteBuffer.wrap(goodBytes).order(ByteOrder.LITTLE_ENDIAN).getInt(goodBytes.length - 8);
        int footerStart = goodBytes.length - 8 - footerLength;
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            byte[] bytes = goodBytes.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[footerStart + random.nextInt(footerLength)] = (byte) random.nextInt(256);
            }
            Path path = dir.resolve("fuzzed-footer.parquet");
            Files.write(path, bytes);
            try (LocalFileSource source = new LocalFileSource(path)) {
                Throwable failure = catchThrowable(() -> {
                    ParquetFile parquet = ParquetFile.open(source);
                    readEverything(parquet, source);
                });
                assertExpectedFailure(failure);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void corruptPagesNeverEscapeAsUncheckedExceptions(boolean v2) throws Exception {
        byte[] goodBytes = v2 ? goodV2Bytes : ParquetFileErrorsTest.goodBytes;
        int footerLength = ByteBuffer.wrap(goodBytes).order(ByteOrder.LITTLE_ENDIAN).getInt(goodBytes.length - 8);
        int dataEnd = goodBytes.length - 8 - footerLength;
        Random random = new Random(12);
        for (int trial = 0; trial < 300; trial++) {
            byte[] bytes = goodBytes.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[4 + random.nextInt(dataEnd - 4)] = (byte) random.nextInt(256);
            }
            Path path = dir.resolve("fuzzed-pages.parquet");
            Files.write(path, bytes);
            try (LocalFileSource source = new LocalFileSource(path)) {
                ParquetFile parquet = ParquetFile.open(source);
                assertExpectedFailure(catchThrowable(() -> readEverything(parquet, source)));
            }
        }
    }

    @Test
    void namesTheColumnAndFileOfACorruptPage() throws Exception {
        byte[] bytes = goodBytes.clone();
        // The first chunk is column x of row group 0, one page whose zstd frame follows a short header.
        int magic = indexOf(bytes, new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD});
        bytes[magic] ^= 0x11;
        Path path = dir.resolve("bad-frame.parquet");
        Files.write(path, bytes);
        try (LocalFileSource source = new LocalFileSource(path)) {
            ParquetFile parquet = ParquetFile.open(source);
            assertThatThrownBy(() -> read(parquet, source, "x", new long[10]))
                    .isInstanceOf(ParquetFormatException.class)
                    .hasMessageContaining("column x of row group 0")
                    .hasMessageContaining(path.toString())
                    .hasMessageContaining("zstd");
            long[] fine = new long[10];
            parquet.readRows(source, 30_000, 10, new String[] {"x"}, new Object[] {fine}, 0);
        }
    }

    @Test
    void rejectsUnsupportedCodecsByName() throws Exception {
        Path snappy = dir.resolve("snappy.parquet");
        duckdb.copy(POINTS, snappy, "COMPRESSION snappy");
        try (LocalFileSource source = new LocalFileSource(snappy)) {
            ParquetFile parquet = ParquetFile.open(source);
            assertThatThrownBy(() -> read(parquet, source, "x", new long[10]))
                    .isInstanceOf(ParquetFormatException.class)
                    .hasMessageContaining("SNAPPY").hasMessageContaining(snappy.toString());
        }
    }

    @Test
    void localFileSourceRefusesReadsPastTheEnd() throws Exception {
        try (LocalFileSource source = new LocalFileSource(good)) {
            assertThat(source.read(goodBytes.length - 4, 4)).isEqualTo(ByteBuffer.wrap("PAR1".getBytes()));
            assertThatThrownBy(() -> source.read(goodBytes.length - 4, 5))
                    .isInstanceOf(EOFException.class).hasMessageContaining(good.toString());
            assertThatThrownBy(() -> source.read(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void read(ParquetFile parquet, ByteSource source, String column, Object destination)
            throws Exception {
        parquet.readRows(source, 0, 10, new String[] {column}, new Object[] {destination}, 0);
    }

    private static void readEverything(ParquetFile parquet, ByteSource source) throws Exception {
        int rows = (int) parquet.rowCount();
        parquet.readRows(source, 0, rows, new String[] {"x", "lx", "n", "d"},
                new Object[] {new long[rows], new long[rows], new int[rows], new double[rows]}, 0);
    }

    /** Corruption may go unnoticed (a changed value) but must never surface as anything but a checked error. */
    private static void assertExpectedFailure(Throwable failure) {
        if (failure != null && !(failure instanceof ParquetFormatException)) {
            throw new AssertionError("corruption surfaced as " + failure, failure);
        }
    }

    private static void assertOpenFails(String name, byte[] bytes, String message) throws Exception {
        Path path = dir.resolve(name + ".parquet");
        Files.write(path, bytes);
        try (LocalFileSource source = new LocalFileSource(path)) {
            assertThatThrownBy(() -> ParquetFile.open(source))
                    .isInstanceOf(ParquetFormatException.class)
                    .hasMessageContaining(message)
                    .hasMessageContaining(path.toString());
        }
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }
}
