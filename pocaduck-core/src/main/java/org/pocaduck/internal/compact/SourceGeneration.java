package org.pocaduck.internal.compact;

import java.io.IOException;
import org.pocaduck.PocaduckException;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.index.GenerationLookup;
import org.pocaduck.internal.index.LabelIndex;
import org.pocaduck.internal.io.PointReader;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * The consolidated generation an optimization run reads: its DuckDB index (chunks by label range), its label index
 * (point counts) and a reader of its part files.
 */
final class SourceGeneration implements AutoCloseable {
    /** Heap for cached label pages: the run reads labels in order, so each page is wanted briefly. */
    private static final long PAGE_CACHE_BYTES = 16L << 20;

    final DatasetIndex index;
    final LabelIndex directory;
    final PointReader reader;
    final PointReader.PartSource parts;
    private final GenerationLookup lookup;

    private SourceGeneration(DatasetIndex index, GenerationLookup lookup, PointReader reader,
            PointReader.PartSource parts) {
        this.index = index;
        this.lookup = lookup;
        this.directory = lookup.index();
        this.reader = reader;
        this.parts = parts;
    }

    static SourceGeneration open(DatasetWorkspace workspace, String indexFile, PointSchema schema)
            throws IOException {
        if (!workspace.pull(indexFile)) {
            throw new PocaduckException("generation " + indexFile + " of " + workspace.location() + " is missing;"
                    + " the optimization run that reads it cannot continue");
        }
        GenerationLookup lookup = GenerationLookup.open(workspace.files(), indexFile, -1, schema.names(),
                PAGE_CACHE_BYTES);
        try {
            DatasetIndex datasetIndex = DatasetIndex.open(workspace.local(indexFile));
            return new SourceGeneration(datasetIndex, lookup, new PointReader(schema),
                    PointReader.partsOf(workspace.files(), datasetIndex));
        } catch (RuntimeException e) {
            lookup.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            index.close();
        } finally {
            lookup.close();
        }
    }
}
