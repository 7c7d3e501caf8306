package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.index.GenerationFiles;
import org.pocaduck.internal.index.LabelIndex;

/**
 * One flipped bit, at seeded random offsets, in each kind of file a generation consists of: every query answers
 * exactly as before or fails with a message naming the file, never with other answers; {@code verify} names the file
 * whenever the flip is in a byte anything reads.
 */
class BitFlipTest {
    private static final int TRIALS = 40;
    private static final int BLOCKS = 6;

    @TempDir
    Path base;

    /** The answers compared before and after a flip: every label's points, count and blocks. */
    /** Answers from the label pages (counts, blocks, points) and from the block directory (labels by block, in space). */
    private record Answers(Map<Long, PointCloud> points, Map<Long, Long> counts, Map<Long, List<String>> blocks,
            Map<String, List<Long>> labelsByBlock, List<Long> anywhere) {
        static Answers of(Query query) {
            long[] labels = query.getLabels();
            Map<Long, Long> counts = new LinkedHashMap<>();
            Map<Long, List<String>> blocks = new LinkedHashMap<>();
            Map<String, List<Long>> labelsByBlock = new LinkedHashMap<>();
            for (long label : labels) {
                counts.put(label, query.getPointCount(label));
                blocks.put(label, query.getBlocksForLabel(label));
            }
            for (int block = 0; block < BLOCKS; block++) {
                labelsByBlock.put("b" + block, boxed(query.getLabelsInBlock("b" + block)));
            }
            double[] low = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
            double[] high = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
            return new Answers(query.getPoints(labels), counts, blocks, labelsByBlock,
                    boxed(query.getLabelsPossiblyInBox(Box.of(low, high))));
        }

        private static List<Long> boxed(long[] labels) {
            return java.util.Arrays.stream(labels).boxed().toList();
        }
    }

    /** Ingested parts (several row groups each), optionally optimized into parts with a block id column. */
    private StorageConfig writeDataset(boolean optimized) {
        StorageConfig config = StorageConfig.local(base);
        Random random = new Random(5);
        IngestorOptions options = IngestorOptions.defaults().withMaxPointsPerFile(3000).withRowGroupSize(1024);
        try (Ingestor ingestor = Ingestor.open(config, "w", options)) {
            for (int chunk = 0; chunk < 200; chunk++) {
                long[][] points = new long[1 + random.nextInt(80)][3];
                for (long[] point : points) {
                    for (int d = 0; d < 3; d++) {
                        point[d] = random.nextInt(100_000) - 50_000;
                    }
                }
                ingestor.write(chunk % 9 == 0 ? -1L - chunk : chunk % 17, "b" + chunk % BLOCKS, points);
            }
        }
        Ingestor.consolidateIndexes(config);
        if (optimized) {
            Optimizer.optimize(config);
        }
        return config;
    }

    private String indexFile(StorageConfig config) {
        try (Query query = Query.open(config)) {
            return DatasetLayout.indexFile(query.generation());
        }
    }

    private List<Path> partFiles(StorageConfig config) {
        List<Path> parts = new ArrayList<>();
        GenerationFiles.ofDuckDbIndex(base.resolve(indexFile(config))).files()
                .forEach(file -> parts.add(base.resolve(file.path())));
        return parts;
    }

    @ParameterizedTest(name = "optimized: {0}")
    @ValueSource(booleans = {false, true})
    void aFlippedBitInAPartFileIsAnErrorNamingIt(boolean optimized) throws Exception {
        StorageConfig config = writeDataset(optimized);
        List<Path> parts = partFiles(config);
        Random random = new Random(optimized ? 23 : 29);
        int failedQueries = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Path part = parts.get(random.nextInt(parts.size()));
            failedQueries += flipped(config, part, random, (problems, flip) -> assertThat(problems)
                    .as(flip).anyMatch(problem -> problem.contains(part.getFileName().toString())));
        }
        // Most of a part file is column chunks that every label's read checks.
        assertThat(failedQueries).isGreaterThan(TRIALS / 2);
    }

    @ParameterizedTest(name = "optimized: {0}")
    @ValueSource(booleans = {false, true})
    void aFlippedBitInTheLabelIndexIsAnErrorNamingIt(boolean optimized) throws Exception {
        StorageConfig config = writeDataset(optimized);
        Path lookup = base.resolve(LabelIndex.keyFor(indexFile(config)));
        Random random = new Random(optimized ? 31 : 37);
        int failedQueries = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            failedQueries += flipped(config, lookup, random, (problems, flip) -> assertThat(problems)
                    .as(flip).anyMatch(problem -> problem.contains(lookup.getFileName().toString())));
        }
        assertThat(failedQueries).isGreaterThan(TRIALS / 2);
    }

    /**
     * Queries never read the DuckDB index, so their answers stay; verify reads every block DuckDB uses and names the
     * file when one fails its checksum. A flip in a block DuckDB does not use changes nothing and goes unnoticed.
     */
    @ParameterizedTest(name = "optimized: {0}")
    @ValueSource(booleans = {false, true})
    void aFlippedBitInTheDuckDbIndexIsFoundByVerifyOrChangesNothing(boolean optimized) throws Exception {
        StorageConfig config = writeDataset(optimized);
        Path index = base.resolve(indexFile(config));
        Random random = new Random(optimized ? 41 : 43);
        int found = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            int[] named = {0};
            assertThat(flipped(config, index, random, (problems, flip) -> {
                assertThat(problems).as(flip).allMatch(problem -> problem.startsWith(indexFile(config)));
                named[0] = problems.isEmpty() ? 0 : 1;
            })).isZero();
            found += named[0];
        }
        assertThat(found).isPositive();
    }

    /**
     * The list of live files is read by plain Parquet readers and by incremental consolidation, not by queries:
     * verify compares it with the DuckDB index's list, so a flip that changes what it lists is named.
     */
    @ParameterizedTest(name = "optimized: {0}")
    @ValueSource(booleans = {false, true})
    void aFlippedBitInTheListOfLiveFilesIsFoundByVerifyOrChangesNothing(boolean optimized) throws Exception {
        StorageConfig config = writeDataset(optimized);
        String liveFiles = DatasetLayout.liveFiles(indexFile(config));
        Path list = base.resolve(liveFiles);
        byte[] original = Files.readAllBytes(list);
        Random random = new Random(optimized ? 47 : 53);
        int found = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            int[] named = {0};
            assertThat(flipped(config, list, random, (problems, flip) -> {
                assertThat(problems).as(flip).allMatch(problem -> problem.startsWith(liveFiles));
                named[0] = problems.isEmpty() ? 0 : 1;
            })).isZero();
            found += named[0];
        }
        assertThat(found).isPositive();
        assertThat(Files.readAllBytes(list)).isEqualTo(original);
    }

    /**
     * Flips one random bit of {@code file}, checks that every query answers as before or fails naming the file, hands
     * verify's problems and a description of the flip to {@code checkProblems} (when the dataset still opens),
     * and flips the bit back.
     *
     * @return 1 if a query failed, else 0
     */
    private int flipped(StorageConfig config, Path file, Random random, BiConsumer<List<String>, String> checkProblems)
            throws Exception {
        Answers expected;
        try (Query query = Query.open(config, QueryOptions.defaults().withCacheBytes(0))) {
            expected = Answers.of(query);
        }
        byte[] bytes = Files.readAllBytes(file);
        int bit = random.nextInt(bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        Files.write(file, bytes);
        String name = file.getFileName().toString();
        int failed = 0;
        try (Query query = Query.open(config, QueryOptions.defaults().withCacheBytes(0))) {
            try {
                assertThat(Answers.of(query)).as("answers with bit %d of %s flipped", bit, name).isEqualTo(expected);
            } catch (PocaduckException e) {
                assertThat(e.getMessage()).as("bit %d", bit).contains(name);
                failed = 1;
            }
            checkProblems.accept(query.verify(), "verify with bit " + bit + " of " + name + " flipped");
        } catch (PocaduckException e) {
            assertThat(e.getMessage()).as("opening with bit %d of %s flipped", bit, name).contains(name);
            failed = 1;
        } finally {
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            Files.write(file, bytes);
        }
        return failed;
    }
}
