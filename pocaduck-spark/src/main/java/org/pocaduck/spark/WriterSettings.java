package org.pocaduck.spark;

import java.io.Serializable;
import org.pocaduck.IngestorOptions;
import org.pocaduck.PointSchema;

/** The serializable part of {@link IngestorOptions} that tasks need; the schema travels with the task itself. */
record WriterSettings(long maxPointsPerFile, int rowGroupSize, int writerThreads) implements Serializable {
    static WriterSettings of(IngestorOptions options) {
        return new WriterSettings(options.maxPointsPerFile(), options.rowGroupSize(), options.writerThreads());
    }

    /** The options of one task attempt's worker: never visible until the driver commits it. */
    IngestorOptions attemptOptions(PointSchema schema) {
        return IngestorOptions.defaults().withMaxPointsPerFile(maxPointsPerFile).withRowGroupSize(rowGroupSize)
                .withWriterThreads(writerThreads).withSchema(schema).withCommitRequired();
    }
}
