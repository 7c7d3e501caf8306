package org.pocaduck.internal.compact;

import java.io.IOException;
import org.pocaduck.PocaduckException;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.index.GenerationFiles;
import org.pocaduck.internal.index.GenerationLookup;
import org.pocaduck.internal.index.LabelChunks;
import org.pocaduck.internal.index.LabelIndex;
import org.pocaduck.internal.io.PointReader;
import org.pocaduck.internal.store.DatasetWorkspace;

/**
 * The consolidated generation an optimization run reads: its label index (chunks by label range, point counts), its
 * list of part files and a reader of them. Its DuckDB index is not read (only built from, for a generation of format
 * 1, which has no label index).
 */
final class SourceGeneration implements AutoCloseable {
    /** Heap for cached label pages: the run reads labels in order, so each page is wanted briefly. */
    private static final long PAGE_CACHE_BYTES = 16L << 20;

    final LabelIndex directory;
    final PointReader reader;
    final PointReader.PartSource parts;
    private final GenerationLookup lookup;

    private SourceGeneration(GenerationLookup lookup, PointReader reader, PointReader.PartSource parts) {
        this.lookup = lookup;
        this.directory = lookup.index();
        this.reader = reader;
        this.parts = parts;
    }

    static SourceGeneration open(DatasetWorkspace workspace, String indexFile, PointSchema schema)
            throws IOException {
        GenerationFiles files = GenerationFiles.of(workspace, indexFile);
        GenerationLookup lookup = GenerationLookup.open(workspace.files(), indexFile, -1, schema.names(),
                PAGE_CACHE_BYTES);
        try {
            checkSameFiles(indexFile, files, lookup.index().totals());
        } catch (RuntimeException e) {
            lookup.close();
            throw e;
        }
        return new SourceGeneration(lookup, new PointReader(schema), PointReader.partsOf(workspace.files(), files));
    }

    /** The list of part files and the label index, written together, must agree on the files' number and points. */
    private static void checkSameFiles(String indexFile, GenerationFiles files, LabelIndex.Totals totals) {
        long points = files.files().stream().mapToLong(GenerationFiles.PartFile::points).sum();
        if (files.size() != totals.files() || points != totals.points()) {
            throw new PocaduckException("generation " + indexFile + " is damaged: its part files hold " + points
                    + " points in " + files.size() + " files, its label index " + totals.points() + " in "
                    + totals.files());
        }
    }

    /** The chunks of the labels from {@code first} to {@code last} (inclusive, unsigned), in spatial order. */
    LabelChunks chunks(long first, long last) {
        return LabelChunks.of(directory, first, last);
    }

    @Override
    public void close() throws IOException {
        lookup.close();
    }
}
