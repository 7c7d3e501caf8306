package org.pocaduck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.Query;
import org.pocaduck.QueryOptions;
import org.pocaduck.StorageConfig;

/**
 * A consolidated dataset of a synthetic volume in a temporary directory, open for queries with the point cache
 * off; the fixture of the read microbenchmarks. Closing it deletes the directory.
 */
final class BenchmarkDataset implements AutoCloseable {
    private final SyntheticVolume volume;
    private final Path directory;
    private final Query query;

    private BenchmarkDataset(SyntheticVolume volume, Path directory, Query query) {
        this.volume = volume;
        this.directory = directory;
        this.query = query;
    }

    /** Generates the volume, ingests it with two workers as a scan would, consolidates and opens a query. */
    static BenchmarkDataset create(long points, long seed) {
        SyntheticVolume volume = SyntheticVolume.generate(points, seed);
        Path directory = temporaryDirectory();
        StorageConfig config = StorageConfig.local(directory);
        VolumeIngestion.run(PreparedChunks.of(volume, InputForm.COLUMNS), config, 2, IngestorOptions.defaults());
        Ingestor.consolidateIndexes(config);
        return new BenchmarkDataset(volume, directory, Query.open(config, QueryOptions.defaults().withCacheBytes(0)));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("pocaduck-jmh");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    SyntheticVolume volume() {
        return volume;
    }

    Query query() {
        return query;
    }

    /** Another query of the dataset, with other options; the caller closes it. */
    Query open(QueryOptions options) {
        return Query.open(StorageConfig.local(directory), options);
    }

    @Override
    public void close() {
        try {
            query.close();
        } finally {
            RecursiveDelete.of(directory);
        }
    }
}
