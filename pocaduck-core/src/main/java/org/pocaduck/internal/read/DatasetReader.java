package org.pocaduck.internal.read;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.pocaduck.DatasetFormat;
import org.pocaduck.DatasetStatistics;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.index.BoxFilter;

/**
 * What {@link org.pocaduck.Query} asks of a dataset, whichever library wrote it. Implementations are thread-safe;
 * labels are uint64 carried in a {@code long}.
 */
public interface DatasetReader extends AutoCloseable {
    DatasetFormat format();

    PointSchema schema();

    /** The index generation read; 0 for formats without generations. */
    long generation();

    /** Every label, in unsigned order. */
    long[] labels();

    /** Every label, in unsigned order, read as the stream is consumed; it must be consumed while the reader is open. */
    LongStream labelStream();

    /** The label's stored points, 0 when it is not in the dataset. */
    long pointCount(long label);

    /** The label's distinct block ids in string order, empty when it has none. */
    List<String> blocks(long label);

    /** The stored points of each label, in the iteration order of {@code labels} (which holds no duplicates). */
    Map<Long, PointCloud> points(long[] labels);

    /** The stored points of the label in the given blocks. */
    PointCloud points(long label, Set<String> blockIds);

    /** The stored points of each label that lie in the filter's box, in the iteration order of {@code labels}. */
    Map<Long, PointCloud> points(long[] labels, BoxFilter box);

    /**
     * The labels with points in the filter's box, in unsigned order: exactly those when {@code exact}, otherwise those
     * the index cannot rule out (a superset, from the index alone).
     */
    long[] labels(BoxFilter box, boolean exact);

    /** The labels with points in the block, in unsigned order. */
    long[] labelsInBlock(String blockId);

    DatasetStatistics statistics();

    /**
     * One line per inconsistency between the index and the files; empty when there is none.
     *
     * @param readData whether to read the part files' data too, not only their metadata
     */
    List<String> verify(boolean readData);

    /** The dataset's location and what is read of it, for {@code toString()}. */
    String describe();

    @Override
    void close();
}
