package org.pocaduck.cli;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** An input file of labelled points, read as chunks of one label in one block. */
interface PointInput {

    /** The names of the point columns, in the order the chunks hold them. */
    List<String> columnNames();

    /** Whether any point column holds floating-point values, so chunks are {@link PointChunk.Floats}. */
    boolean floating();

    /** Hands every chunk of the file to {@code sink}, all chunks of one block consecutively. */
    void read(Consumer<PointChunk> sink) throws IOException;
}
