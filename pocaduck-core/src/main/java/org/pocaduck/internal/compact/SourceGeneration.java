package org.pocaduck.internal.compact;

import java.io.IOException;
import java.nio.file.Path;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.index.LabelDirectory;
import org.pocaduck.internal.io.PointReader;
import org.pocaduck.internal.store.DatasetFiles;

/** The consolidated generation an optimization run reads: its index, label directory and a reader of its files. */
final class SourceGeneration implements AutoCloseable {
    final DatasetIndex index;
    final LabelDirectory directory;
    final PointReader reader;

    private SourceGeneration(DatasetIndex index, LabelDirectory directory, PointReader reader) {
        this.index = index;
        this.directory = directory;
        this.reader = reader;
    }

    static SourceGeneration open(DatasetLayout layout, String indexFile, PointSchema schema) {
        Path index = layout.resolve(indexFile);
        LabelDirectory directory;
        try {
            directory = LabelDirectory.open(LabelDirectory.pathFor(index));
        } catch (IOException e) {
            throw new PocaduckIOException("cannot open the label directory of " + index + ": " + e.getMessage(), e);
        }
        DatasetIndex datasetIndex = DatasetIndex.open(index);
        return new SourceGeneration(datasetIndex, directory, new PointReader(DatasetFiles.local(layout.base()), datasetIndex, schema));
    }

    @Override
    public void close() {
        index.close();
    }
}
