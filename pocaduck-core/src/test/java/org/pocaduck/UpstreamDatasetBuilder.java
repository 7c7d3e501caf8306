package org.pocaduck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small datasets in the Python PoCADuck's layout, the way the Python library writes them: Parquet files
 * {@code label BIGINT, block_id VARCHAR, data BIGINT[]} (optimized: no block_id), DuckDB indexes
 * {@code point_cloud_index(label UBIGINT, block_id VARCHAR, file_path VARCHAR, point_count UBIGINT)} (optimized:
 * {@code label BIGINT, file_path, point_count BIGINT}) with absolute paths of another machine. Shared with other
 * modules' tests through this module's test jar.
 */
public final class UpstreamDatasetBuilder {
    /** Where the "original machine" wrote the dataset; no reader may look there. */
    public static final String ORIGINAL_BASE = "/original-machine/pocaduck";

    private record Piece(long label, String blockId, String file, long[][] points) {
    }

    private final Path base;
    private final List<Piece> pieces = new ArrayList<>();
    private final List<Piece> optimizedPieces = new ArrayList<>();
    private final Map<String, Integer> runsByWorker = new LinkedHashMap<>();

    public UpstreamDatasetBuilder(Path base) {
        this.base = base;
    }

    /** Points of a label in a block, written by {@code worker} into its file number {@code file}. */
    public UpstreamDatasetBuilder write(String worker, int file, long label, String blockId, long[][] points) {
        pieces.add(new Piece(label, blockId, "worker_" + worker + "/data/" + worker + "-" + file + ".parquet", points));
        return this;
    }

    /** Points of a label in the optimized file {@code name} of optimizer worker {@code worker}. */
    public UpstreamDatasetBuilder optimized(String worker, String name, long label, long[][] points) {
        optimizedPieces.add(new Piece(label, null, "optimized/optimize_" + worker + "/" + name, points));
        return this;
    }

    /**
     * Lets the unified index hold {@code worker}'s rows {@code runs} times whatever {@link #build} is given: as when
     * the Python consolidation ran before and after this worker (or others) finished.
     */
    public UpstreamDatasetBuilder consolidatedTimes(String worker, int runs) {
        runsByWorker.put("worker_" + worker, runs);
        return this;
    }

    /**
     * Writes the files, the worker indexes and, unless {@code consolidations} is 0, the unified index — with every
     * worker's rows appended once per consolidation run, as the Python consolidation does.
     */
    public Path build(int consolidations) throws IOException, SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            writeFiles(duck, pieces, true);
            writeFiles(duck, optimizedPieces, false);
            Map<String, List<Piece>> byWorker = new LinkedHashMap<>();
            for (Piece piece : pieces) {
                byWorker.computeIfAbsent(piece.file().substring(0, piece.file().indexOf('/')), w -> new ArrayList<>())
                        .add(piece);
            }
            for (Map.Entry<String, List<Piece>> worker : byWorker.entrySet()) {
                String id = worker.getKey().substring("worker_".length());
                writeIndex(duck, base.resolve(worker.getKey()).resolve("index_" + id + ".db"), worker.getValue(), 1,
                        true);
            }
            if (consolidations > 0) {
                List<Piece> unified = new ArrayList<>();
                byWorker.forEach((worker, rows) -> {
                    for (int run = 0; run < runsByWorker.getOrDefault(worker, consolidations); run++) {
                        unified.addAll(rows);
                    }
                });
                writeIndex(duck, base.resolve("unified_index.db"), unified, 1, true);
            }
            if (!optimizedPieces.isEmpty()) {
                writeIndex(duck, base.resolve("optimized/optimized_index.db"), optimizedPieces, 1, false);
            }
        }
        return base;
    }

    private void writeFiles(Connection duck, List<Piece> all, boolean withBlocks) throws IOException, SQLException {
        Map<String, List<Piece>> byFile = new LinkedHashMap<>();
        for (Piece piece : all) {
            byFile.computeIfAbsent(piece.file(), f -> new ArrayList<>()).add(piece);
        }
        for (Map.Entry<String, List<Piece>> file : byFile.entrySet()) {
            Path target = base.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            try (Statement statement = duck.createStatement()) {
                statement.execute("CREATE OR REPLACE TABLE rows (label BIGINT"
                        + (withBlocks ? ", block_id VARCHAR" : "") + ", data BIGINT[])");
            }
            try (PreparedStatement insert = duck.prepareStatement(withBlocks
                    ? "INSERT INTO rows VALUES (?, ?, ?)" : "INSERT INTO rows VALUES (?, ?)")) {
                for (Piece piece : file.getValue()) {
                    for (long[] point : piece.points()) {
                        insert.setLong(1, piece.label());
                        int next = 2;
                        if (withBlocks) {
                            insert.setString(next++, piece.blockId());
                        }
                        Long[] values = new Long[point.length];
                        for (int d = 0; d < point.length; d++) {
                            values[d] = point[d];
                        }
                        insert.setArray(next, duck.createArrayOf("BIGINT", values));
                        insert.execute();
                    }
                }
            }
            try (PreparedStatement copy = duck.prepareStatement("COPY rows TO (?) (FORMAT parquet)")) {
                copy.setString(1, target.toString());
                copy.execute();
            }
        }
    }

    private static void writeIndex(Connection duck, Path file, List<Piece> rows, int times, boolean blockwise)
            throws IOException, SQLException {
        Files.createDirectories(file.getParent());
        try (PreparedStatement attach = duck.prepareStatement("ATTACH (?) AS target")) {
            attach.setString(1, file.toString());
            attach.execute();
        }
        try (Statement statement = duck.createStatement()) {
            statement.execute(blockwise
                    ? "CREATE TABLE target.point_cloud_index (label UBIGINT, block_id VARCHAR, file_path VARCHAR,"
                            + " point_count UBIGINT)"
                    : "CREATE TABLE target.point_cloud_index (label BIGINT, file_path VARCHAR, point_count BIGINT)");
        }
        String insert = blockwise ? "INSERT INTO target.point_cloud_index VALUES (?::UBIGINT, ?, ?, ?)"
                : "INSERT INTO target.point_cloud_index VALUES (?, ?, ?)";
        try (PreparedStatement statement = duck.prepareStatement(insert)) {
            for (int run = 0; run < times; run++) {
                for (Piece piece : rows) {
                    int next = 1;
                    if (blockwise) {
                        statement.setString(next++, Long.toUnsignedString(piece.label()));
                        statement.setString(next++, piece.blockId());
                    } else {
                        statement.setLong(next++, piece.label());
                    }
                    statement.setString(next++, ORIGINAL_BASE + "/" + piece.file());
                    statement.setLong(next, piece.points().length);
                    statement.execute();
                }
            }
        }
        try (Statement statement = duck.createStatement()) {
            statement.execute("DETACH target");
        }
    }
}
