package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A manifest or plan that is malformed, or that names paths other than the layout gives them, is refused with one
 * message naming the file, the field and what was expected — never followed outside the dataset.
 */
class TamperedMetadataTest {
    @TempDir
    Path base;

    /** Writes the H01 sample into base/dataset; returns its manifest. */
    private Path writeDataset() throws Exception {
        StoredDatasets.writeH01(StorageConfig.local(base.resolve("dataset")));
        return base.resolve("dataset/pocaduck.json");
    }

    /** Whole manifests that are not one: the message to expect. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{|is not valid JSON",
        "[1, 2]|does not hold a JSON object",
        "{\"format\": \"pocaduck\", \"schema\": [], \"generation\": 1}|has no field \"format_version\"",
    })
    void aManifestThatIsNotOneIsRefused(String manifest, String expected) throws Exception {
        assertRefused(manifest, expected);
    }

    /** One field of a sound manifest changed (Jackson writes "field" : value): the message to expect. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "\"generation\" : 1|\"generation\" : -1|field \"generation\" is -1; expected an integer from 0",
        "\"format_version\" : 6|\"format_version\" : 99|this library reads versions 1 to 6",
        "\"format_version\" : 6|\"format_version\" : \"6\"|field \"format_version\" is \"6\"; expected an integer",
        "\"lookup_bytes\" :|\"lookup_bytes\" : \"x\", \"ignored\" :|field \"segments[0].lookup_bytes\" is \"x\"; expected an integer",
        "\"index/index-000001.duckdb\"|\"../other/index/index-000001.duckdb\"|its index is \"../other/index/index-000001.duckdb\"; generation 1 has \"index/index-000001.duckdb\"",
        "\"index/index-000001.duckdb\"|\"/tmp/other/index/index-000001.duckdb\"|its index is \"/tmp/other",
        "\"index/index-000001.duckdb\"|\"indexfile\"|its index is \"indexfile\"",
        "\"optimized_run\" : null|\"optimized_run\" : \"../../elsewhere\"|optimized_run \"../../elsewhere\" is not compact/run-<generation>",
        "\"optimized_run\" : null|\"optimized_run\" : \"compact/run-000001\"|of a generation before 1",
        "\"type\" : \"int64\"|\"type\" : \"int65\"|int65",
    })
    void aManifestWithABadFieldIsRefusedNamingIt(String sound, String bad, String expected) throws Exception {
        String original = Files.readString(writeDataset());
        assertThat(original).contains(sound);
        assertRefused(original.replace(sound, bad), expected);
    }

    /** Segment paths must be the layout's own index files, in generation order, ending with the generation's. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "../elsewhere/index-000001.duckdb|its segment \"../elsewhere/index-000001.duckdb\" is not index/index-<generation>",
        "index/index-000002.duckdb|its segment \"index/index-000002.duckdb\" is not index/index-<generation>.duckdb of a generation after 0 and up to 1",
        "/tmp/index/index-000001.duckdb|its segment \"/tmp/index/index-000001.duckdb\"",
    })
    void aManifestWithABadSegmentIsRefusedNamingIt(String segment, String expected) throws Exception {
        String original = Files.readString(writeDataset());
        int segments = original.indexOf("\"segments\"");
        assertThat(segments).isPositive();
        assertRefused(original.substring(0, segments) + original.substring(segments)
                .replaceFirst("index/index-000001\\.duckdb", segment), expected);
    }

    private void assertRefused(String manifest, String expected) throws Exception {
        StorageConfig config = StorageConfig.local(base.resolve("dataset"));
        if (!Files.exists(base.resolve("dataset/pocaduck.json"))) {
            writeDataset();
        }
        Files.writeString(base.resolve("dataset/pocaduck.json"), manifest);
        assertThatThrownBy(() -> Query.open(config)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("pocaduck.json").hasMessageContaining(expected);
        assertThatThrownBy(() -> Ingestor.consolidateIndexes(config)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining(expected);
    }

    /**
     * A worker index whose part row names a file outside the dataset: the path travels into the generation's label
     * index, and a read of a label in that file is refused instead of reading the file it names.
     */
    @Test
    void anIndexNamingAFileOutsideTheDatasetIsNeverRead() throws Exception {
        StorageConfig config = StorageConfig.local(base.resolve("dataset"));
        try (Ingestor ingestor = Ingestor.open(config, "w")) {
            ingestor.write(7L, "b", new long[][] {{1, 2, 3}});
        }
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.copy(base.resolve("dataset/workers/w/part-000001.parquet"), outside.resolve("part-000001.parquet"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + base.resolve("dataset/workers/w/index.duckdb"));
                Statement statement = duck.createStatement()) {
            statement.execute("UPDATE parts SET file = '../outside/part-000001.parquet'");
        }
        Ingestor.consolidateIndexes(config);

        try (Query query = Query.open(config)) {
            assertThat(query.getPointCount(7L)).isEqualTo(1);
            assertThatThrownBy(() -> query.getPoints(7L)).isInstanceOf(PocaduckException.class)
                    .hasMessageContaining("../outside/part-000001.parquet").hasMessageContaining("not a path inside it");
        }
    }

    /**
     * A worker index whose chunks of one label in one part file do not form one gap-free row range (here one chunk
     * moved a row back: it overlaps the chunk before it and leaves a row uncovered, though the label's rows still add
     * up to the range they span) is refused by the consolidation, which publishes nothing.
     */
    @Test
    void chunksThatAreNotOneRowRangeStopAConsolidation() throws Exception {
        StorageConfig config = StorageConfig.local(base.resolve("dataset"));
        try (Ingestor ingestor = Ingestor.open(config, "w")) {
            ingestor.write(7L, "a", new long[][] {{1, 2, 3}, {1, 2, 4}, {1, 2, 5}});
            ingestor.write(7L, "b", new long[][] {{70, 2, 3}, {70, 2, 4}});
            ingestor.write(7L, "c", new long[][] {{140, 2, 3}, {140, 2, 4}});
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + base.resolve("dataset/workers/w/index.duckdb"));
                Statement statement = duck.createStatement()) {
            assertThat(statement.executeUpdate("UPDATE chunks SET row_start = row_start - 1 WHERE block_id = 'b'"))
                    .isEqualTo(1);
        }
        String manifest = Files.readString(base.resolve("dataset/pocaduck.json"));

        assertThatThrownBy(() -> Ingestor.consolidateIndexes(config)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("is corrupt").hasMessageContaining("label 7 in workers/w/part-000001.parquet")
                .hasMessageContaining("do not form one contiguous row range");
        assertThat(Files.readString(base.resolve("dataset/pocaduck.json"))).isEqualTo(manifest);
        try (Stream<Path> index = Files.list(base.resolve("dataset/index"))) {
            assertThat(index.map(file -> file.getFileName().toString())).containsOnly("consolidate.lock");
        }
    }

    /**
     * A list of part files (Parquet, without checksums of its own) that disagrees with the label index written with it
     * stops an optimization before it reads a point: here one file's point count, as a flipped bit would change it.
     */
    @Test
    void aListOfPartFilesThatDisagreesWithTheLabelIndexStopsAnOptimization() throws Exception {
        writeDataset();
        StorageConfig config = StorageConfig.local(base.resolve("dataset"));
        Path list = base.resolve("dataset/index/index-000001.files.parquet");
        Path changed = base.resolve("changed.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement()) {
            statement.execute("COPY (SELECT file, CASE WHEN file_row_number = 0 THEN point_count + 1 ELSE point_count"
                    + " END AS point_count, byte_size, source, layout FROM read_parquet('" + list
                    + "', file_row_number = true) ORDER BY file_row_number) TO '" + changed + "' (FORMAT parquet)");
        }
        Files.move(changed, list, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DatasetSnapshot before = DatasetSnapshot.of(config);

        assertThatThrownBy(() -> Optimizer.optimize(config)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("index/index-000001.duckdb is damaged").hasMessageContaining("label index");
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
    }

    /** A plan naming a worker outside workers/ is refused before cleanup deletes anything. */
    @Test
    void aPlanNamingAPathOutsideTheDatasetDeletesNothing() throws Exception {
        writeDataset();
        StorageConfig config = StorageConfig.local(base.resolve("dataset"));
        Optimizer.optimize(config);
        Path victim = base.resolve("victim");
        Files.createDirectories(victim);
        Files.writeString(victim.resolve("part-000001.parquet"), "not yours");
        Path plan = base.resolve("dataset/compact/run-000001/plan.json");
        String json = Files.readString(plan);
        assertThat(json).contains("\"worker\" : \"0\"");
        Files.writeString(plan, json.replace("\"worker\" : \"0\"", "\"worker\" : \"../../victim\""));
        DatasetSnapshot before = DatasetSnapshot.of(config);

        assertThatThrownBy(() -> Optimizer.cleanup(config)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("plan.json").hasMessageContaining("../../victim");
        assertThat(victim.resolve("part-000001.parquet")).hasContent("not yours");
        assertThat(Files.list(victim)).hasSize(1);
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
    }

    /**
     * A manifest naming a run that has no plan (a run before its generation, so the manifest itself is well formed)
     * stops cleanup before it deletes anything; before, cleanup took the live run for a superseded one and deleted it.
     */
    @Test
    void aManifestNamingARunWithoutAPlanDeletesNothing() throws Exception {
        StorageConfig config = optimizedWithALateWorker();
        Optimizer.optimize(config);
        Path manifest = base.resolve("dataset/pocaduck.json");
        String json = Files.readString(manifest);
        // Optimizing again folded generation 3's two segments into generation 4, and committed run 4 as generation 5.
        assertThat(json).contains("\"optimized_run\" : \"compact/run-000004\"");
        Files.writeString(manifest, json.replace("compact/run-000004", "compact/run-000003"));
        DatasetSnapshot before = DatasetSnapshot.of(config);
        List<String> files = filesUnder(base.resolve("dataset"));

        assertThatThrownBy(() -> Optimizer.cleanup(config)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("compact/run-000003").hasMessageContaining("has no plan")
                .hasMessageContaining("deleted nothing");
        assertThat(filesUnder(base.resolve("dataset"))).isEqualTo(files);
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
    }

    /** A plan that claims to replace a part the current generation reads cannot make cleanup delete it. */
    @Test
    void aPlanClaimingALivePartCannotGetItDeleted() throws Exception {
        StorageConfig config = optimizedWithALateWorker();
        Path plan = base.resolve("dataset/compact/run-000001/plan.json");
        String json = Files.readString(plan);
        Files.writeString(plan, json.replace("\"replaced_parts\" : [", "\"replaced_parts\" : [ {\n    \"worker\" : \"late\","
                + "\n    \"part\" : 1\n  },"));
        assertThat(Files.readString(plan)).contains("\"late\"");
        DatasetSnapshot before = DatasetSnapshot.of(config);

        assertThatThrownBy(() -> Optimizer.cleanup(config)).isInstanceOf(PocaduckException.class)
                .hasMessageContaining("workers/late/part-000001.parquet").hasMessageContaining("current generation");
        assertThat(base.resolve("dataset/workers/late/part-000001.parquet")).exists();
        assertThat(DatasetSnapshot.of(config)).isEqualTo(before);
    }

    /**
     * The H01 sample optimized (run 1, generation 2), then a late worker's part consolidated incrementally (generation
     * 3: generation 2's segment and one holding the late part).
     */
    private StorageConfig optimizedWithALateWorker() throws Exception {
        writeDataset();
        StorageConfig config = StorageConfig.local(base.resolve("dataset"));
        Optimizer.optimize(config);
        try (Ingestor late = Ingestor.open(config, "late")) {
            late.write(-5L, "late-block", new long[][] {{1, 2, 3, 4}});
        }
        Ingestor.consolidateIndexes(config);
        return config;
    }

    private static List<String> filesUnder(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).map(Path::toString).filter(name -> !name.endsWith(".lock"))
                    .sorted().toList();
        }
    }
}
