package org.pocaduck.cli;

import java.io.PrintWriter;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;

/** Lists every label of the dataset. */
@Command(
        name = "labels",
        description = "Print every label of the dataset, one per line, as an unsigned decimal, in ascending order.",
        footer = {"", "Example:", "  pocaduck labels --base /data/pc | head"})
final class LabelsCommand extends DatasetCommand {

    @Override
    protected void run(StorageConfig config) {
        PrintWriter out = out();
        try (Query query = Query.open(config)) {
            for (long label : query.getLabels()) {
                out.println(Long.toUnsignedString(label));
            }
        }
    }
}
