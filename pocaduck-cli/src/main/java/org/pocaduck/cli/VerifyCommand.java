package org.pocaduck.cli;

import java.util.List;
import org.pocaduck.DatasetFormat;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Checks the consolidated dataset against its files. Problems are the command's answer, not a failure to run it, so
 * they go to stdout, one per line, and set exit code 3; exit 1 stays for "could not check at all".
 */
@Command(
        name = "verify",
        description = "Read every file of the consolidated dataset and check it: the DuckDB and label indexes"
                + " (every block, page and node against its checksum), the list of live files, and every part file"
                + " (every column chunk against the checksum the index recorded, every page decoded, every row"
                + " holding the label of its range, the labels' row ranges covering the file exactly)."
                + " For a dataset of the Python PoCADuck: that every file its index names exists and holds the rows"
                + " the index says, and that no index row was repeated by running its consolidation more than once."
                + " Prints one line per problem, naming its file; exit code 0 when there is none, 3 when there are"
                + " problems.",
        footer = {"", "Examples:", "  pocaduck verify --base /data/pc", "  pocaduck verify --base /data/pc --quick"})
final class VerifyCommand extends DatasetCommand {
    static final int PROBLEMS_FOUND = 3;

    @Option(names = "--quick", description = "Check only metadata: the indexes and the list of live files whole, and"
            + " of each part file its size, row count and footer, not its column chunks (for a Python dataset: that"
            + " its files exist).")
    boolean quick;

    @Override
    protected void run(StorageConfig config) {
        try (Query query = Query.open(config)) {
            List<String> problems = quick ? query.verifyMetadata() : query.verify();
            problems.forEach(out()::println);
            if (problems.isEmpty()) {
                String what = query.format() == DatasetFormat.POCADUCK ? "generation " + query.generation()
                        : InfoCommand.formatName(query.format());
                out().println("ok: " + what + ", " + query.statistics().labels() + " labels");
            } else {
                exitWith(PROBLEMS_FOUND);
            }
        }
    }
}
