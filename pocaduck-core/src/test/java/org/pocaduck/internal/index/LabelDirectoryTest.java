package org.pocaduck.internal.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pocaduck.PocaduckException;

/** The label directory written from an index's labels and ranges tables answers exactly what the tables hold. */
class LabelDirectoryTest {
    @TempDir
    Path directory;

    @Test
    void answersEveryLabelOfSeededTablesAndNothingElse() throws Exception {
        Random random = new Random(7);
        long[] labels = random.longs(5_000).distinct().toArray();
        labels[0] = 0;
        labels[1] = -1L;
        labels[2] = Long.MIN_VALUE;
        labels[3] = Long.MAX_VALUE;
        long[] sorted = Arrays.stream(labels).boxed().sorted(Long::compareUnsigned).mapToLong(Long::longValue).toArray();
        Path file = directory.resolve("index-000001.labels");
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            DuckDb.execute(duck, "ATTACH ':memory:' AS idx");
            DuckDb.execute(duck, "CREATE TABLE idx.ranges (label UBIGINT, file_id INTEGER, row_start BIGINT,"
                    + " row_count BIGINT)");
            try (var insert = duck.prepareStatement("INSERT INTO idx.ranges VALUES (?::UBIGINT, ?, ?, ?)")) {
                for (long label : labels) {
                    int files = 1 + Math.floorMod(label, 3);
                    for (int f = 0; f < files; f++) {
                        insert.setString(1, Long.toUnsignedString(label));
                        insert.setInt(2, f * 7);
                        insert.setLong(3, Math.floorMod(label, 1_000_000) + f);
                        insert.setLong(4, 1 + Math.floorMod(label >>> 8, 100) + f);
                        insert.execute();
                    }
                }
            }
            DuckDb.execute(duck, "CREATE TABLE idx.labels AS SELECT label, sum(row_count)::BIGINT AS point_count,"
                    + " count(*)::INTEGER AS file_count FROM idx.ranges GROUP BY label ORDER BY label");
            DuckDb.execute(duck, "CREATE TABLE idx.sorted_ranges AS SELECT * FROM idx.ranges ORDER BY label, file_id");
            DuckDb.execute(duck, "DROP TABLE idx.ranges");
            DuckDb.execute(duck, "ALTER TABLE idx.sorted_ranges RENAME TO ranges");
            LabelDirectory.write(duck, "idx", file);
        }

        LabelDirectory read = LabelDirectory.open(file);
        assertThat(read.labels()).containsExactly(sorted);
        for (long label : labels) {
            int files = 1 + Math.floorMod(label, 3);
            LabelRanges ranges = read.ranges(label);
            assertThat(ranges.files()).as("files of %s", Long.toUnsignedString(label)).isEqualTo(files);
            long points = 0;
            for (int f = 0; f < files; f++) {
                assertThat(ranges.fileIds()[f]).isEqualTo(f * 7);
                assertThat(ranges.rowStarts()[f]).isEqualTo(Math.floorMod(label, 1_000_000) + f);
                assertThat(ranges.rowCounts()[f]).isEqualTo(1 + Math.floorMod(label >>> 8, 100) + f);
                points += ranges.rowCounts()[f];
            }
            assertThat(read.pointCount(label)).isEqualTo(points);
        }
        long absent = random.nextLong();
        assertThat(labels).doesNotContain(absent);
        assertThat(read.pointCount(absent)).isZero();
        assertThat(read.ranges(absent)).isSameAs(LabelRanges.NONE);
    }

    @Test
    void rejectsTruncatedAndForeignFiles() throws Exception {
        Path foreign = directory.resolve("foreign.labels");
        Files.write(foreign, new byte[64]);
        assertThatThrownBy(() -> LabelDirectory.open(foreign)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("not a PoCADuck label directory");

        Path truncated = directory.resolve("truncated.labels");
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            DuckDb.execute(duck, "ATTACH ':memory:' AS idx");
            DuckDb.execute(duck, "CREATE TABLE idx.labels AS SELECT 5::UBIGINT AS label, 3::BIGINT AS point_count,"
                    + " 1::INTEGER AS file_count");
            DuckDb.execute(duck, "CREATE TABLE idx.ranges AS SELECT 5::UBIGINT AS label, 0 AS file_id,"
                    + " 0::BIGINT AS row_start, 3::BIGINT AS row_count");
            LabelDirectory.write(duck, "idx", truncated);
        }
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 4));
        assertThatThrownBy(() -> LabelDirectory.open(truncated)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("truncated");
    }
}
