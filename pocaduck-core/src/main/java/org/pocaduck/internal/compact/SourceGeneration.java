package org.pocaduck.internal.compact;

import java.io.IOException;
import org.pocaduck.PocaduckException;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.index.LabelDirectory;
import org.pocaduck.internal.io.PointReader;
import org.pocaduck.internal.store.DatasetWorkspace;

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

    static SourceGeneration open(DatasetWorkspace workspace, String indexFile, PointSchema schema)
            throws IOException {
        String directoryKey = LabelDirectory.keyFor(indexFile);
        if (!workspace.pull(indexFile) || !workspace.pull(directoryKey)) {
            throw new PocaduckException("generation " + indexFile + " of " + workspace.location() + " is missing;"
                    + " the optimization run that reads it cannot continue");
        }
        LabelDirectory directory = LabelDirectory.open(workspace.local(directoryKey));
        DatasetIndex datasetIndex = DatasetIndex.open(workspace.local(indexFile));
        return new SourceGeneration(datasetIndex, directory, new PointReader(workspace.files(), datasetIndex, schema));
    }

    @Override
    public void close() {
        index.close();
    }
}
