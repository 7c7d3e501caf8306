package org.pocaduck.cli;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.pocaduck.PointSchema;

/** An input file of labelled points, read in file order as batches of rows. */
interface PointInput {

    /** The names of the point columns, in the order the batches hold them. */
    List<String> columnNames();

    /** Whether any point column holds floating-point values; a new dataset then stores float64 columns. */
    boolean floating();

    /** How many rows the file holds, or an estimate where counting would mean reading it (CSV). */
    long estimatedRows();

    /**
     * Hands every row of the file to {@code sink} in file order, converted to {@code schema}. A value that the
     * schema's column cannot hold exactly, or a label that is no uint64, ends the read with an exception naming the
     * file, row, column and value, before the batch holding it reaches the sink.
     */
    void read(PointSchema schema, Consumer<RowBatch> sink) throws IOException;
}
