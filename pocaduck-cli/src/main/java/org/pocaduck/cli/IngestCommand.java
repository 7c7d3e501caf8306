package org.pocaduck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pocaduck.ColumnType;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.PointSchema;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Writes the labelled points of CSV, Parquet and NumPy files into a dataset, with parallel workers. */
@Command(
        name = "ingest",
        description = {
            "Write the points of CSV, Parquet, .npy and .npz files into a dataset, one write per label and block.",
            "csv (with a header row) and parquet: columns --label-column and --block-column, and as points x, y, z"
                    + " then every further numeric column, in file order (or --columns). Labels are uint64.",
            "npy: a 2-D array N x (2 + D): column 0 the label, column 1 the block id (a number), then the point;"
                    + " its columns are x, y, z, attr_3, ... (or --columns). One dtype for all: use '<u8' for labels"
                    + " of 2^63 and above.",
            "npz: 1-D arrays label and block_id, and either an N x D array 'points' or one 1-D array per column.",
            "Integer columns are written as int64, floating-point ones as float64; into an existing dataset the"
                    + " values must fit its schema, never truncated.",
            "Blocks are spread over --workers threads, each its own worker <worker-id>-1 ... <worker-id>-N."
        },
        footer = {"", "Examples:",
            "  pocaduck ingest --base /data/pc --input points.csv --consolidate",
            "  pocaduck ingest --base /data/pc --input scan-*.parquet --workers 8 --worker-id node7"})
final class IngestCommand extends DatasetCommand {

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Input files: .csv, .parquet, .npy or .npz.")
    List<Path> inputs;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Parallel writer threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--worker-id", paramLabel = "ID", defaultValue = "cli",
            description = "Prefix of the worker ids; give each concurrent ingest its own (default: ${DEFAULT-VALUE}).")
    String workerId;

    @Option(names = "--max-points-per-file", paramLabel = "K",
            description = "Points per part file, and how many a worker buffers before it writes (default: "
                    + IngestorOptions.DEFAULT_MAX_POINTS_PER_FILE + ").")
    Long maxPointsPerFile;

    @Option(names = "--label-column", paramLabel = "NAME", defaultValue = "label",
            description = "The column (or .npz array) holding the labels (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--block-column", paramLabel = "NAME", defaultValue = "block_id",
            description = "The column (or .npz array) holding the block ids (default: ${DEFAULT-VALUE}).")
    String blockColumn;

    @Option(names = "--columns", split = ",", paramLabel = "NAME",
            description = "The point columns, in order (default: x, y, z, then every further numeric column).")
    List<String> columns;

    @Option(names = "--consolidate", description = "Consolidate the dataset's indexes afterwards, and print the"
            + " summary of the new index generation.")
    boolean consolidate;

    @Override
    protected void run(StorageConfig config) throws IOException {
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        BlockWorkers.checkCount(workers);
        ColumnChoice choice = new ColumnChoice(labelColumn, blockColumn, columns);
        inputs.forEach(IngestCommand::checkReadable);
        IngestProgress progress = new IngestProgress(spec.commandLine().getErr());
        try (progress; Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            // Every input is checked before anything is written: a bad last file leaves the dataset as it was.
            List<PointInput> opened = new ArrayList<>();
            for (Path file : inputs) {
                PointInput input = open(file, choice, duck);
                requireSameColumns(input, file, opened.isEmpty() ? input.columnNames() : opened.get(0).columnNames());
                opened.add(input);
            }
            PointInput first = opened.get(0);
            try (BlockWorkers writers = new BlockWorkers(config, workerId, workers, options(config, first))) {
                for (int i = 0; i < inputs.size(); i++) {
                    Path file = inputs.get(i);
                    opened.get(i).read(chunk -> {
                        progress.chunkRead(chunk);
                        writers.submit(chunk, file.toString());
                    });
                    progress.fileRead();
                }
            }
        } catch (SQLException e) {
            throw new PocaduckIOException("DuckDB, which reads the input, failed: " + e.getMessage(), e);
        }
        out().println(progress.summary());
        if (consolidate) {
            ConsolidateCommand.print(ConsolidateCommand.consolidate(config, spec.commandLine().getErr()), out());
        }
    }

    /**
     * The input's columns become the schema of a new dataset. An existing dataset keeps its schema, and the
     * library converts the values into it when nothing is lost — so an integer dataset accepts integral floats.
     */
    private IngestorOptions options(StorageConfig config, PointInput first) {
        IngestorOptions options = IngestorOptions.defaults();
        if (maxPointsPerFile != null) {
            options = options.withMaxPointsPerFile(maxPointsPerFile);
        }
        Optional<PointSchema> existing;
        // Opening a worker without writing shows the dataset's schema, if there is one, and leaves nothing behind.
        try (Ingestor probe = Ingestor.open(config, workerId + "-1", options)) {
            existing = probe.schema();
        }
        if (existing.isPresent()) {
            requireSameColumns(first, inputs.get(0), existing.get().names());
            return options;
        }
        ColumnType type = first.floating() ? ColumnType.FLOAT64 : ColumnType.INT64;
        return options.withSchema(PointSchema.of(type, first.columnNames().toArray(String[]::new)));
    }

    /** Points are written by position: columns named differently would land under the wrong names. */
    private static void requireSameColumns(PointInput input, Path file, List<String> expected) {
        if (!input.columnNames().equals(expected)) {
            throw new IllegalArgumentException(file + " has point columns " + String.join(", ", input.columnNames())
                    + "; expected " + String.join(", ", expected) + " like the dataset (choose them with --columns)");
        }
    }

    private static void checkReadable(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("input file " + file + " does not exist or is not a file");
        }
        extension(file);
    }

    private static PointInput open(Path file, ColumnChoice choice, Connection duck) throws IOException {
        switch (extension(file)) {
            case "csv": return new DuckDbInput(duck, file, DuckDbInput.Format.CSV, choice);
            case "parquet": return new DuckDbInput(duck, file, DuckDbInput.Format.PARQUET, choice);
            case "npy": return NpyInput.open(file, choice);
            default: return NpzInput.open(file, choice);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!List.of("csv", "parquet", "npy", "npz").contains(extension)) {
            throw new IllegalArgumentException("input file " + file
                    + " has an unknown extension; expected .csv, .parquet, .npy or .npz");
        }
        return extension;
    }
}
