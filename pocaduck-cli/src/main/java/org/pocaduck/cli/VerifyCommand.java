package org.pocaduck.cli;

import java.util.List;
import org.pocaduck.DatasetFormat;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;

/**
 * Checks the consolidated dataset against its files. Problems are the command's answer, not a failure to run it, so
 * they go to stdout, one per line, and set exit code 3; exit 1 stays for "could not check at all".
 */
@Command(
        name = "verify",
        description = "Check that every indexed part file exists with the recorded size and row count, that the"
                + " labels' row ranges cover each file exactly, and that every row holds the label of its range."
                + " For a dataset of the Python PoCADuck: that every file its index names exists and holds the rows"
                + " the index says, and that no index row was repeated by running its consolidation more than once."
                + " Prints one line per problem; exit code 0 when there is none, 3 when there are problems.",
        footer = {"", "Example:", "  pocaduck verify --base /data/pc"})
final class VerifyCommand extends DatasetCommand {
    static final int PROBLEMS_FOUND = 3;

    @Override
    protected void run(StorageConfig config) {
        try (Query query = Query.open(config)) {
            List<String> problems = query.verify();
            problems.forEach(out()::println);
            if (problems.isEmpty()) {
                String what = query.format() == DatasetFormat.POCADUCK ? "generation " + query.generation()
                        : InfoCommand.formatName(query.format());
                out().println("ok: " + what + ", " + query.getLabels().length + " labels");
            } else {
                exitWith(PROBLEMS_FOUND);
            }
        }
    }
}
