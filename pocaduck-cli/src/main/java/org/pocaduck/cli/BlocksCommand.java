package org.pocaduck.cli;

import java.io.PrintWriter;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the blocks holding points of one label. */
@Command(
        name = "blocks",
        description = "Print the ids of the blocks holding points of a label, one per line, in string order.",
        footer = {"", "Example:", "  pocaduck blocks --base /data/pc --label 360287970189827102"})
final class BlocksCommand extends DatasetCommand {

    @Option(names = "--label", required = true, paramLabel = "LABEL", converter = LabelConverter.class,
            description = "The uint64 label, in decimal or 0x-hex.")
    long label;

    @Override
    protected void run(StorageConfig config) {
        PrintWriter out = out();
        try (Query query = Query.open(config)) {
            for (String block : query.getBlocksForLabel(label)) {
                out.println(block);
            }
        }
    }
}
