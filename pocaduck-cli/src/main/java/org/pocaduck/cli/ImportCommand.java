package org.pocaduck.cli;

import java.util.List;
import java.util.Locale;
import org.pocaduck.ColumnType;
import org.pocaduck.DatasetFormat;
import org.pocaduck.ImportOptions;
import org.pocaduck.ImportSummary;
import org.pocaduck.PointSchema;
import org.pocaduck.PythonDatasetImport;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Converts a dataset written by the Python PoCADuck into a new dataset of this library. */
@Command(
        name = "import",
        description = {
            "Convert a dataset written by the Python PoCADuck (--from) into a new dataset (--base), which must be a"
                    + " new or empty directory. The Python dataset is only read.",
            "Its blockwise data (unified_index.db, worker_*/data) is read when all its files are there, keeping"
                    + " block ids; otherwise its optimized data, whose points go to block '"
                    + PythonDatasetImport.OPTIMIZED_BLOCK_ID + "'.",
            "Every stored point is written, duplicates included, unless --deduplicate. At the end every label's"
                    + " count is checked against the source."
        },
        footer = {"", "Examples:",
            "  pocaduck import --from /data/py --base /data/pc",
            "  pocaduck import --from /data/py --base /data/pc --workers 8 --columns x,y,z,supervoxel --deduplicate"})
final class ImportCommand extends DatasetCommand {

    @Option(names = "--from", required = true, paramLabel = "PY_BASE",
            description = "The Python dataset's directory (or file: URI), where it is now.")
    String from;

    @Option(names = "--workers", paramLabel = "N",
            description = "Parallel writer threads (default: the number of processors).")
    Integer workers;

    @Option(names = "--deduplicate", description = "Write each distinct point of a label once (the first copy, in"
            + " its block), as the Python library's reads return them.")
    boolean deduplicate;

    @Option(names = "--columns", split = ",", paramLabel = "NAME",
            description = "Names of the point's values, in order (default: x, y, z, attr_3, ...).")
    List<String> columns;

    @Override
    protected void run(StorageConfig target) {
        ImportOptions options = ImportOptions.defaults().withDeduplication(deduplicate);
        if (workers != null) {
            if (workers < 1) {
                throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
            }
            options = options.withWorkers(workers);
        }
        if (columns != null) {
            options = options.withSchema(PointSchema.of(ColumnType.INT64, columns.toArray(String[]::new)));
        }
        StorageConfig source = StorageConfig.of(from);
        // A bar only where a person watches; redirected stderr (job logs) gets plain lines instead.
        ImportSummary summary;
        try (ImportProgressDisplay progress = System.console() != null
                ? new ImportProgressDisplay(spec.commandLine().getErr(), System.err)
                : new ImportProgressDisplay(spec.commandLine().getErr())) {
            summary = PythonDatasetImport.run(source, target, options.withProgress(progress));
        }
        out().println(describe(summary));
    }

    static String describe(ImportSummary summary) {
        String layout = summary.sourceFormat() == DatasetFormat.PYTHON_OPTIMIZED ? "optimized" : "blockwise";
        String dropped = summary.pointsRead() == summary.pointsWritten() ? ""
                : " (" + (summary.pointsRead() - summary.pointsWritten()) + " duplicates dropped)";
        return String.format(Locale.ROOT, "imported %d labels, %d points%s in %d blocks from the Python %s layout"
                + " into generation %d in %.1f s (%.0f points/s); counts verified", summary.labels(),
                summary.pointsWritten(), dropped, summary.blocks(), layout, summary.generation(), summary.seconds(),
                summary.pointsRead() / Math.max(summary.seconds(), 1e-9));
    }
}
