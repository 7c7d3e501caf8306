package org.pocaduck.cli;

import java.nio.file.Path;
import org.pocaduck.ColumnType;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.PointSchema;
import org.pocaduck.StorageConfig;

/** Small datasets written with the library, with their points known to the tests. */
final class Datasets {

    /** 2^64 − 1: beyond Long.MAX_VALUE, so it must be printed and parsed as unsigned. */
    static final long MAX_LABEL = -1L;
    static final long LABEL_5 = 5;
    static final long LABEL_42 = 0x2a;

    static final long[][] LABEL_5_BLOCK_A = {{1, 2, 3}, {4, 5, 6}};
    static final long[][] LABEL_5_BLOCK_B = {{-7, 8, Long.MAX_VALUE}};
    static final long[][] LABEL_42_POINTS = {{10, 20, 30}};
    static final long[][] MAX_LABEL_POINTS = {{100, 200, 300}, {101, 201, 301}};

    static final double[][] FLOAT_POINTS = {{0.1, -2.5, 1e-300}, {Math.PI, 3.0, -0.0}};

    private Datasets() {
    }

    /** Labels 5, 42 and 2^64 − 1 in an int64 x, y, z schema, written by two workers, then consolidated. */
    static StorageConfig writeInt64(Path base) {
        StorageConfig config = StorageConfig.local(base);
        try (Ingestor first = Ingestor.open(config, "worker-1")) {
            first.write(LABEL_5, "block_0_0_0", LABEL_5_BLOCK_A);
            first.write(MAX_LABEL, "block_0_0_0", MAX_LABEL_POINTS);
        }
        try (Ingestor second = Ingestor.open(config, "worker-2")) {
            second.write(LABEL_5, "block_1_0_0", LABEL_5_BLOCK_B);
            second.write(LABEL_42, "block_1_0_0", LABEL_42_POINTS);
        }
        Ingestor.consolidateIndexes(config);
        return config;
    }

    /** Label 2^64 − 1 with float64 x, y, z, not yet consolidated. */
    static StorageConfig writeFloat64Unconsolidated(Path base) {
        StorageConfig config = StorageConfig.local(base);
        IngestorOptions options = IngestorOptions.defaults()
                .withSchema(PointSchema.of(ColumnType.FLOAT64, "x", "y", "z"));
        try (Ingestor ingestor = Ingestor.open(config, "worker-1", options)) {
            ingestor.write(MAX_LABEL, "block_0_0_0", FLOAT_POINTS);
        }
        return config;
    }

    /** Label 2^64 − 1 with float64 x, y, z, consolidated. */
    static StorageConfig writeFloat64(Path base) {
        StorageConfig config = writeFloat64Unconsolidated(base);
        Ingestor.consolidateIndexes(config);
        return config;
    }

    /** One label with an int32 position and a float32 attribute, consolidated: columns of mixed types. */
    static StorageConfig writeMixed(Path base) {
        StorageConfig config = StorageConfig.local(base);
        PointSchema schema = PointSchema.builder()
                .column("x", ColumnType.INT32)
                .column("weight", ColumnType.FLOAT32)
                .build();
        try (Ingestor ingestor = Ingestor.open(config, "worker-1", IngestorOptions.defaults().withSchema(schema))) {
            ingestor.write(LABEL_5, "block_0_0_0", new double[][] {{7, 0.5}, {-3, 1.25}});
        }
        Ingestor.consolidateIndexes(config);
        return config;
    }
}
