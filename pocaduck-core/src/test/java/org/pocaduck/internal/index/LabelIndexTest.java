package org.pocaduck.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.StorageConfig;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.LocalFileSource;
import org.pocaduck.internal.parquet.ParquetFile;

/**
 * The label index answers exactly what the generation's DuckDB index holds, for trees of one to several levels, and
 * a flipped bit anywhere in it gives an error or the same answers, never different ones.
 */
class LabelIndexTest {
    private static final List<String> COLUMNS = List.of("x", "y", "z");

    @TempDir
    static Path base;
    private static Path generation;
    /** Per label, its chunks as DuckDB lists them: block, file id, first row, count. */
    private static final Map<Long, List<String>> CHUNKS = new LinkedHashMap<>();

    @BeforeAll
    static void writeDataset() throws Exception {
        StorageConfig config = StorageConfig.local(base.resolve("dataset"));
        Random random = new Random(3);
        // Labels across the whole uint64 range, many small ones, blocks shared between labels and files.
        try (Ingestor first = Ingestor.open(config, "a", IngestorOptions.defaults().withMaxPointsPerFile(5_000));
                Ingestor second = Ingestor.open(config, "b", IngestorOptions.defaults().withMaxPointsPerFile(7_000))) {
            for (int write = 0; write < 6_000; write++) {
                long label = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(3_000);
                long[][] points = new long[1 + random.nextInt(12)][3];
                for (long[] point : points) {
                    point[0] = random.nextInt(1 << 16);
                    point[1] = random.nextInt(1 << 16);
                    point[2] = random.nextInt(1 << 16);
                }
                (random.nextBoolean() ? first : second).write(label, "block-" + random.nextInt(300), points);
            }
        }
        Ingestor.consolidateIndexes(config);
        generation = base.resolve("dataset/index/index-000001.duckdb");
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            DuckDb.attach(duck, generation, "g", true);
            try (PreparedStatement statement = duck.prepareStatement("SELECT label, block_id, file_id, row_start,"
                    + " point_count FROM g.chunks ORDER BY label, file_id, row_start");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    CHUNKS.computeIfAbsent(rows.getLong(1), l -> new ArrayList<>()).add(rows.getString(2) + ","
                            + rows.getInt(3) + "," + rows.getLong(4) + "," + rows.getLong(5));
                }
            }
        }
    }

    /** Builds the label index of the generation with the given page size and fan-out. */
    private static Path build(Path target, int pageBytes, int fanOut) throws Exception {
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            DuckDb.attach(duck, generation, "g", true);
            LabelIndexWriter.write(duck, "g", COLUMNS, path -> {
                try (ByteSource part = new LocalFileSource(base.resolve("dataset").resolve(path))) {
                    return ParquetFile.open(part);
                }
            }, LabelTotals.Sink.NONE, target, pageBytes, fanOut);
        }
        return target;
    }

    @ParameterizedTest
    @CsvSource({"24576, 2048", "2048, 8", "512, 3"})
    void answersLikeTheDuckDbIndex(int pageBytes, int fanOut, @TempDir Path temp) throws Exception {
        Path file = build(temp.resolve("index.lookup"), pageBytes, fanOut);
        try (LocalFileSource source = new LocalFileSource(file)) {
            LabelIndex index = LabelIndex.open(source, file.toString(), 1 << 20);
            assertAnswers(index);
        }
    }

    private static void assertAnswers(LabelIndex index) {
        assertThat(index.totals().labels()).isEqualTo(CHUNKS.size());
        assertThat(index.labels()).containsExactly(CHUNKS.keySet().stream().mapToLong(Long::longValue).toArray());
        Map<Long, List<String>> visited = new LinkedHashMap<>();
        index.forEachChunk((label, block, file, row, count) -> visited.computeIfAbsent(label, l -> new ArrayList<>())
                .add(block + "," + file + "," + row + "," + count));
        assertThat(visited).isEqualTo(CHUNKS);
        // The block directory: each block's labels, in unsigned order, as the chunks name them.
        Map<String, List<Long>> labelsByBlock = new LinkedHashMap<>();
        CHUNKS.forEach((label, chunks) -> chunks.stream().map(chunk -> chunk.split(",")[0]).distinct()
                .forEach(block -> labelsByBlock.computeIfAbsent(block, b -> new ArrayList<>()).add(label)));
        labelsByBlock.forEach((block, labels) -> assertThat(index.labelsInBlock(block)).as("labels of %s", block)
                .containsExactly(labels.stream().mapToLong(Long::longValue).toArray()));
        assertThat(index.labelsInBlock("block-none")).isEmpty();
        index.checkBlockDirectory();
        long points = 0;
        for (var entry : CHUNKS.entrySet()) {
            long count = entry.getValue().stream().mapToLong(c -> Long.parseLong(c.split(",")[3])).sum();
            points += count;
            assertThat(index.pointCount(entry.getKey())).isEqualTo(count);
            assertThat(index.blocks(entry.getKey())).isEqualTo(entry.getValue().stream().map(c -> c.split(",")[0])
                    .distinct().sorted().toList());
        }
        assertThat(index.totals().points()).isEqualTo(points);
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            long absent = random.nextLong();
            if (!CHUNKS.containsKey(absent)) {
                assertThat(index.pointCount(absent)).isZero();
                assertThat(index.blocks(absent)).isEmpty();
                assertThat(index.find(absent)).isNull();
            }
        }
    }

    /**
     * An optimization takes a label range's chunks from the label index: exactly the DuckDB index's chunks of those
     * labels (ranges across 2^63 too), the range's blocks numbered in block id order, each block's chunks together,
     * and the chunks of a label stored without bounds (fewer than 4) in index order: block id, file, first row.
     */
    @ParameterizedTest
    @CsvSource({"24576, 2048", "512, 3"})
    void theChunksOfALabelRangeAreTheDuckDbIndexs(int pageBytes, int fanOut, @TempDir Path temp) throws Exception {
        Path file = build(temp.resolve("index.lookup"), pageBytes, fanOut);
        long[] labels = CHUNKS.keySet().stream().mapToLong(Long::longValue).toArray();
        List<long[]> ranges = new ArrayList<>(List.of(new long[] {0, -1}, new long[] {Long.MAX_VALUE - 5,
                Long.MIN_VALUE + 5}, new long[] {labels[3], labels[3]}, new long[] {labels[7] + 1, labels[7] + 1}));
        Random random = new Random(23);
        for (int i = 0; i < 40; i++) {
            int a = random.nextInt(labels.length);
            int b = Math.min(labels.length - 1, a + random.nextInt(400));
            ranges.add(new long[] {labels[a] + (random.nextBoolean() ? 0 : 1), labels[b]});
        }
        try (LocalFileSource source = new LocalFileSource(file)) {
            LabelIndex index = LabelIndex.open(source, file.toString(), 1 << 20);
            for (long[] range : ranges) {
                assertRangeChunks(LabelChunks.of(index, range[0], range[1]), range[0], range[1]);
            }
        }
    }

    private static void assertRangeChunks(LabelChunks chunks, long first, long last) {
        Map<Long, List<String>> expected = new LinkedHashMap<>();
        CHUNKS.forEach((label, list) -> {
            if (Long.compareUnsigned(label, first) >= 0 && Long.compareUnsigned(label, last) <= 0) {
                expected.put(label, list.stream().sorted(LabelIndexTest::inIndexOrder).toList());
            }
        });
        List<String> blocks = chunks.blockIds();
        assertThat(blocks).as("block ids, in order").isSortedAccordingTo(GenerationIndex.UTF8_ORDER)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected.values().stream()
                        .flatMap(List::stream).map(chunk -> chunk.split(",")[0]).distinct().toList());
        Map<Long, List<String>> actual = new LinkedHashMap<>();
        for (int c = 0; c < chunks.size(); c++) {
            actual.computeIfAbsent(chunks.label(c), l -> new ArrayList<>()).add(blocks.get(chunks.block(c)) + ","
                    + chunks.fileId(c) + "," + chunks.rowStart(c) + "," + chunks.count(c));
            if (c > 0 && chunks.label(c) == chunks.label(c - 1) && chunks.block(c) != chunks.block(c - 1)) {
                for (int earlier = c - 1; earlier >= 0 && chunks.label(earlier) == chunks.label(c); earlier--) {
                    assertThat(chunks.block(earlier)).as("a block's chunks are together").isNotEqualTo(chunks.block(c));
                }
            }
        }
        assertThat(actual.keySet()).as("labels from %s to %s", Long.toUnsignedString(first),
                Long.toUnsignedString(last)).containsExactlyElementsOf(expected.keySet());
        actual.forEach((label, list) -> {
            if (list.size() < LabelPage.BOUNDED_LABEL_CHUNKS) {
                assertThat(list).as("chunks of label %s", label).isEqualTo(expected.get(label));
            } else {
                assertThat(list).as("chunks of label %s", label).containsExactlyInAnyOrderElementsOf(expected.get(label));
            }
        });
    }

    /** Chunks as {@code block,file,row,count} in index order: block id (UTF-8 order), file, first row. */
    private static int inIndexOrder(String a, String b) {
        String[] x = a.split(",");
        String[] y = b.split(",");
        int byBlock = GenerationIndex.UTF8_ORDER.compare(x[0], y[0]);
        if (byBlock != 0) {
            return byBlock;
        }
        int byFile = Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        return byFile != 0 ? byFile : Long.compare(Long.parseLong(x[2]), Long.parseLong(y[2]));
    }

    /**
     * Streaming the labels reads the index as the stream is consumed: the first label takes the tail, the path of
     * directory nodes and the first bottom node's pages, a small part of the file; all of them read every page once.
     */
    @Test
    void labelsStreamAsTheyAreConsumed(@TempDir Path temp) throws Exception {
        Path file = build(temp.resolve("index.lookup"), 512, 3);
        long size = Files.size(file);
        long[] read = {0};
        try (LocalFileSource local = new LocalFileSource(file)) {
            ByteSource counting = new ByteSource() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public ByteBuffer read(long position, int length) throws java.io.IOException {
                    read[0] += length;
                    return local.read(position, length);
                }

                @Override
                public void close() {
                }
            };
            LabelIndex index = LabelIndex.open(counting, file.toString(), 0);
            long opened = read[0];
            assertThat(index.labelStream().findFirst()).hasValue(CHUNKS.keySet().iterator().next());
            assertThat(read[0] - opened).as("bytes read for the first of %s labels", CHUNKS.size())
                    .isLessThan(size / 20);
            assertThat(index.labelStream().toArray())
                    .containsExactly(CHUNKS.keySet().stream().mapToLong(Long::longValue).toArray());
            assertThat(read[0]).as("every frame once, the directory nodes twice at most").isLessThan(3 * size);
        }
    }

    @Test
    void aFlippedBitGivesAnErrorOrTheSameAnswersNeverOthers(@TempDir Path temp) throws Exception {
        byte[] original = Files.readAllBytes(build(temp.resolve("index.lookup"), 2048, 8));
        Random random = new Random(17);
        int errors = 0;
        for (int trial = 0; trial < 300; trial++) {
            byte[] flipped = original.clone();
            int bit = random.nextInt(flipped.length * 8);
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            ByteSource source = new ByteSource() {
                @Override
                public long size() {
                    return flipped.length;
                }

                @Override
                public ByteBuffer read(long position, int length) {
                    return ByteBuffer.wrap(flipped, (int) position, length).slice();
                }

                @Override
                public void close() {
                }
            };
            try {
                assertAnswers(LabelIndex.open(source, "flipped", 1 << 20));
            } catch (java.io.IOException | org.pocaduck.PocaduckException e) {
                assertThat(e.getMessage()).as("bit %d", bit).contains("flipped");
                errors++;
            }
        }
        // Almost every byte lies in a checksummed page or node; only the leading magic number is never read.
        assertThat(errors).isGreaterThan(290);
    }
}
