package org.pocaduck.internal.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.duckdb.DuckDBConnection;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.InMemorySource;
import org.pocaduck.internal.parquet.LocalFileSource;
import org.pocaduck.internal.parquet.ParquetFile;
import org.pocaduck.internal.store.DatasetFiles;

/**
 * The {@link LabelIndex} of a consolidated generation, read in place by byte ranges. A generation written before label
 * indexes existed has only its DuckDB index: for it a private label index is built into a temporary file (reading
 * its DuckDB index and its part files' footers) and removed on {@link #close()}; the dataset is never written to.
 */
public final class GenerationLookup implements Closeable {
    /**
     * A label index of at most this many bytes is read whole when it is opened, in the one request that would read its
     * tail: its lookups then cost no request. This is the second segment an incremental consolidation adds (a worker's
     * 10^6 points take about 350 KB), whose page a cold read would otherwise fetch besides the base's. Two segments read
     * whole, the manifest and the headers of three responses stay under the 1 MB an open may fetch.
     */
    public static final int READ_WHOLE_BYTES = 448 << 10;
    private static final String ALIAS = "generation";

    private final LabelIndex index;
    private final ByteSource source;
    private final Path built;

    private GenerationLookup(LabelIndex index, ByteSource source, Path built) {
        this.index = index;
        this.source = source;
        this.built = built;
    }

    /**
     * Opens the label index of the generation (or segment) whose DuckDB index has key {@code indexKey}.
     *
     * @param lookupBytes  the label index's size when the manifest gives it, else -1: then the store is asked
     * @param pointColumns the dataset's point columns
     * @param cacheBytes   about how much heap cached pages may take
     */
    public static GenerationLookup open(DatasetFiles files, String indexKey, long lookupBytes,
            List<String> pointColumns, long cacheBytes) throws IOException {
        String key = LabelIndex.keyFor(indexKey);
        Path built = null;
        ByteSource source;
        OptionalLong size = lookupBytes >= 0 ? OptionalLong.of(lookupBytes) : files.size(key);
        if (size.isPresent()) {
            source = files.open(key, size.getAsLong());
            if (size.getAsLong() <= READ_WHOLE_BYTES) {
                try (ByteSource stored = source) {
                    source = InMemorySource.readWhole(stored, (int) size.getAsLong());
                }
            }
        } else {
            built = Files.createTempFile("pocaduck-lookup-", ".lookup");
            try {
                build(files, indexKey, pointColumns, built);
                source = new LocalFileSource(built);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(built);
                throw e;
            }
        }
        try {
            return new GenerationLookup(LabelIndex.open(source, files.describe(key), cacheBytes), source, built);
        } catch (IOException | RuntimeException e) {
            source.close();
            if (built != null) {
                Files.deleteIfExists(built);
            }
            throw e;
        }
    }

    private static void build(DatasetFiles files, String indexKey, List<String> pointColumns, Path target)
            throws IOException {
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            DuckDb.attach(duck, files.local(indexKey), ALIAS, true);
            LabelIndexWriter.write(duck, ALIAS, pointColumns, path -> {
                try (ByteSource part = files.open(path)) {
                    return ParquetFile.open(part);
                }
            }, LabelTotals.Sink.NONE, target);
        } catch (SQLException e) {
            throw new IOException("cannot build a label index from " + files.describe(indexKey) + ": "
                    + e.getMessage(), e);
        }
    }

    public LabelIndex index() {
        return index;
    }

    @Override
    public void close() throws IOException {
        try {
            source.close();
        } finally {
            if (built != null) {
                Files.deleteIfExists(built);
            }
        }
    }
}
