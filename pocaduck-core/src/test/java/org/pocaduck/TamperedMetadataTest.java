package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
        "\"format_version\" : 2|\"format_version\" : 99|this library reads versions 1 to 2",
        "\"format_version\" : 2|\"format_version\" : \"2\"|field \"format_version\" is \"2\"; expected an integer",
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
}
