package org.pocaduck.cli;

import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the number of points of one label. */
@Command(
        name = "count",
        description = "Print the number of points of a label across all blocks (0 for a label never written).",
        footer = {"", "Example:", "  pocaduck count --base /data/pc --label 0x4fffffffffffff1e"})
final class CountCommand extends DatasetCommand {

    @Option(names = "--label", required = true, paramLabel = "LABEL", converter = LabelConverter.class,
            description = "The uint64 label, in decimal or 0x-hex.")
    long label;

    @Override
    protected void run(StorageConfig config) {
        try (Query query = Query.open(config)) {
            out().println(query.getPointCount(label));
        }
    }
}
