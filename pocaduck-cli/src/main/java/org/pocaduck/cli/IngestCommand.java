package org.pocaduck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import org.pocaduck.ColumnType;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.PointSchema;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.StorageConfig;
import org.pocaduck.internal.format.ScratchDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Writes the labelled points of CSV, Parquet and NumPy files into a dataset, with parallel workers. */
@Command(
        name = "ingest",
        description = {
            "Write the points of CSV, Parquet, .npy and .npz files into a dataset. Files are read in order, in"
                    + " batches of rows, and no file is sorted or held in memory whole (an .npz archive's arrays are).",
            "csv (comma-separated, with a header row) and parquet: columns --label-column and --block-column, and as"
                    + " points x, y, z then every further numeric column, in file order (or --columns). Labels are"
                    + " uint64: a negative, fractional or too large label is an error, as is a point value its column"
                    + " cannot hold exactly.",
            "npy: a 2-D array N x (2 + D): column 0 the label, column 1 the block id (a number), then the point;"
                    + " its columns are x, y, z, attr_3, ... (or --columns). One dtype for all: use '<u8' for labels"
                    + " of 2^63 and above.",
            "npz: 1-D arrays label and block_id, and either an N x D array 'points' or one 1-D array per column.",
            "Integer columns are written as int64, floating-point ones as float64; into an existing dataset the"
                    + " values must fit its schema, never truncated.",
            "Rows are spread over --workers threads by block, each its own worker <worker-id>-1 ... <worker-id>-N,"
                    + " so all points of a block go to one worker whichever file holds them.",
            "All or nothing: the workers' points become part of the dataset only once every input is read. An ingest"
                    + " that failed or was killed leaves nothing a consolidation includes; run the same command (same"
                    + " --worker-id and --workers) again and it discards that attempt's files and starts over."
        },
        footer = {"", "Examples:",
            "  pocaduck ingest --base /data/pc --input points.csv --consolidate",
            "  pocaduck ingest --base /data/pc --input 'scan/*.parquet' extra.npz --workers 8 --worker-id node7"})
final class IngestCommand extends DatasetCommand {

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Input files or globs (quoted, such as 'scan/*.parquet'): .csv, .parquet, .npy or .npz,"
                    + " mixed as you like.")
    List<String> inputs;

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

    @Option(names = "--reader-memory", paramLabel = "BYTES", converter = ByteSizeConverter.class,
            description = "Memory DuckDB may use to read the inputs; beyond it, it spills to a temporary directory"
                    + " (default: 512M).")
    long readerMemory = InputFiles.DEFAULT_READER_MEMORY;

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
        List<Path> files = InputFiles.expand(inputs);
        try (ScratchDirectory spill = ScratchDirectory.create("ingest");
                Connection duck = InputFiles.reader(readerMemory, spill.path(), false);
                Connection streaming = InputFiles.reader(readerMemory, spill.path(), true)) {
            // Every input is opened (and its columns checked) before anything is written.
            List<PointInput> opened = new ArrayList<>();
            for (Path file : files) {
                PointInput input = open(file, choice, duck, streaming);
                requireSameColumns(input, file, opened.isEmpty() ? input.columnNames() : opened.get(0).columnNames());
                opened.add(input);
            }
            discardUnfinishedAttempt(config);
            IngestorOptions options = options(config, opened.get(0), files.get(0));
            PointSchema schema = options.schema().orElseThrow();
            for (int i = 0; i < files.size(); i++) {
                requireSameColumns(opened.get(i), files.get(i), schema.names());
            }
            long totalRows = opened.stream().mapToLong(PointInput::estimatedRows).sum();
            IngestProgress progress = new IngestProgress(spec.commandLine().getErr(), totalRows);
            BlockWorkers writers = new BlockWorkers(config, workerId, workers, options);
            try (progress; writers) {
                for (int i = 0; i < files.size(); i++) {
                    String source = files.get(i).toString();
                    opened.get(i).read(schema, batch -> {
                        progress.rowsRead(batch.size());
                        dispatch(batch, writers, source);
                    });
                    progress.fileRead();
                }
            }
            // The first worker, opened to learn the schema, and every worker that was given a block.
            Set<String> written = new TreeSet<>(writers.workerIds());
            written.add(workerId + "-1");
            // Only a complete ingest becomes visible: until here every worker's points are kept out of consolidation.
            for (String worker : written) {
                Ingestor.commitWorker(config, worker);
            }
            out().println(progress.summary());
        } catch (SQLException e) {
            throw new PocaduckIOException("DuckDB, which reads the input, failed: " + e.getMessage(), e);
        }
        if (consolidate) {
            ConsolidateCommand.print(ConsolidateCommand.consolidate(config, spec.commandLine().getErr()), out());
        }
    }

    /** Sends each row to the worker of its block, so that a block's points end up in one worker's files. */
    private static void dispatch(RowBatch batch, BlockWorkers writers, String source) {
        String[] blockIds = batch.blockIds();
        int[] workerOfRow = new int[batch.size()];
        int worker = 0;
        for (int row = 0; row < workerOfRow.length; row++) {
            if (row == 0 || blockIds[row] != blockIds[row - 1]) {
                worker = writers.workerOf(blockIds[row]);
            }
            workerOfRow[row] = worker;
        }
        RowBatch[] parts = batch.split(workerOfRow, writers.count());
        for (int w = 0; w < parts.length; w++) {
            RowBatch part = parts[w];
            if (part != null) {
                writers.submit(w, part::writeTo, () -> source);
            }
        }
    }

    /**
     * A killed or failed ingest leaves its workers uncommitted: invisible, but holding the part files it flushed.
     * Running the same command again starts those workers afresh, so that nothing is stored twice.
     */
    private void discardUnfinishedAttempt(StorageConfig config) {
        for (int i = 1; i <= workers; i++) {
            String worker = workerId + "-" + i;
            try {
                if (Ingestor.discardUncommitted(config, worker)) {
                    spec.commandLine().getErr().println("ingest: discarded the unfinished earlier ingest of worker "
                            + worker + "; its input is read again");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("worker " + worker + " already holds the points of an earlier,"
                        + " completed ingest; give this ingest its own --worker-id", e);
            }
        }
    }

    /**
     * The input's columns become the schema of a new dataset. An existing dataset keeps its schema, and the
     * library converts the values into it when nothing is lost — so an integer dataset accepts integral floats.
     */
    private IngestorOptions options(StorageConfig config, PointInput first, Path firstFile) {
        IngestorOptions options = IngestorOptions.defaults().withCommitRequired();
        if (maxPointsPerFile != null) {
            options = options.withMaxPointsPerFile(maxPointsPerFile);
        }
        Optional<PointSchema> existing;
        // Opening this ingest's first worker shows the dataset's schema, if there is one. Commit-required from the
        // start, so that worker stays invisible until the ingest completes.
        try (Ingestor probe = Ingestor.open(config, workerId + "-1", options)) {
            existing = probe.schema();
        }
        if (existing.isPresent()) {
            requireSameColumns(first, firstFile, existing.get().names());
            return options.withSchema(existing.get());
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

    private static PointInput open(Path file, ColumnChoice choice, Connection duck, Connection streaming)
            throws IOException {
        switch (InputFiles.extension(file)) {
            case "csv": return new TableInput(duck, streaming, file, TableInput.Format.CSV, choice);
            case "parquet": return new TableInput(duck, streaming, file, TableInput.Format.PARQUET, choice);
            case "npy": return NpyInput.open(file, choice);
            default: return NpzInput.open(file, choice);
        }
    }
}
