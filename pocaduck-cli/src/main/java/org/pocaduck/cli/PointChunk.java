package org.pocaduck.cli;

import org.pocaduck.Ingestor;

/** The points of one label in one block, read from an input file: one {@link Ingestor#write} call. */
sealed interface PointChunk {

    long label();

    String blockId();

    int size();

    void writeTo(Ingestor ingestor);

    /** Points whose columns are all integers. */
    record Integers(long label, String blockId, long[][] points) implements PointChunk {
        @Override
        public int size() {
            return points.length;
        }

        @Override
        public void writeTo(Ingestor ingestor) {
            ingestor.write(label, blockId, points);
        }
    }

    /** Points with at least one floating-point column; the library refuses to truncate them into integers. */
    record Floats(long label, String blockId, double[][] points) implements PointChunk {
        @Override
        public int size() {
            return points.length;
        }

        @Override
        public void writeTo(Ingestor ingestor) {
            ingestor.write(label, blockId, points);
        }
    }
}
