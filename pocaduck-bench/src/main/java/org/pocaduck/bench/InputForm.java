package org.pocaduck.bench;

import org.pocaduck.Ingestor;
import org.pocaduck.PointCloud;

/** The shape in which a benchmark hands a chunk's points to {@link Ingestor#write}. */
public enum InputForm {
    /** An N×3 {@code long[][]}, one array per point: the shape users of the Python library know. */
    ROWS("long[][] rows") {
        @Override
        Object prepare(SyntheticVolume volume, int chunk) {
            return volume.chunkRows(chunk);
        }

        @Override
        void write(Ingestor ingestor, long label, String blockId, Object points) {
            ingestor.write(label, blockId, (long[][]) points);
        }
    },
    /** A columnar {@link PointCloud}: one primitive array per coordinate, handed over without copying. */
    COLUMNS("PointCloud columns") {
        @Override
        Object prepare(SyntheticVolume volume, int chunk) {
            return volume.chunkColumns(chunk);
        }

        @Override
        void write(Ingestor ingestor, long label, String blockId, Object points) {
            ingestor.write(label, blockId, (PointCloud) points);
        }
    };

    private final String description;

    InputForm(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Builds the chunk's input ahead of time, so that building it is not part of what is measured. */
    abstract Object prepare(SyntheticVolume volume, int chunk);

    abstract void write(Ingestor ingestor, long label, String blockId, Object points);

    /** Parses a form by name, case-insensitively ({@code rows}, {@code columns}). */
    public static InputForm parse(String name) {
        for (InputForm form : values()) {
            if (form.name().equalsIgnoreCase(name.trim())) {
                return form;
            }
        }
        throw new IllegalArgumentException("unknown input form '" + name + "'; expected rows or columns");
    }
}
