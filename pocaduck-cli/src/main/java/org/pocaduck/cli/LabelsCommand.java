package org.pocaduck.cli;

import java.io.PrintWriter;
import java.util.stream.LongStream;
import org.pocaduck.Box;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Lists the labels of the dataset: all of them, those with points in a box, or those of one block. */
@Command(
        name = "labels",
        description = {
            "Print the labels of the dataset, one per line, as unsigned decimals, in ascending order: every label,"
                    + " or with --bbox those with a point inside the box, or with --block those with points in the"
                    + " block.",
            "--bbox is exact: labels whose indexed bounds meet the box but that have no point inside are checked"
                    + " against their points. --candidates answers from the index alone, much faster, and may list"
                    + " such labels too (never missing one that has a point inside)."
        },
        footer = {"", "Examples:", "  pocaduck labels --base /data/pc | head",
            "  pocaduck labels --base /data/pc --bbox 1000,2000,3000,1256,2256,3256",
            "  pocaduck labels --base /data/pc --bbox 0,0,500,inf,inf,600 --candidates",
            "  pocaduck labels --base /data/pc --block 3_4_5"})
final class LabelsCommand extends DatasetCommand {

    @Option(names = "--bbox", paramLabel = BoxConverter.PARAM_LABEL, converter = BoxConverter.class,
            description = "Only labels with a point inside this box." + BoxConverter.FORMAT)
    Box box;

    @Option(names = "--candidates",
            description = "With --bbox: the labels the index cannot rule out, without reading points; may over-report.")
    boolean candidates;

    @Option(names = "--block", paramLabel = "BLOCK", description = "Only labels with points in this block.")
    String block;

    @Override
    protected void run(StorageConfig config) {
        if (box != null && block != null) {
            throw new ParameterException(spec.commandLine(), "--bbox and --block cannot be combined: give one of"
                    + " them");
        }
        if (candidates && box == null) {
            throw new ParameterException(spec.commandLine(), "--candidates needs --bbox");
        }
        PrintWriter out = out();
        try (Query query = Query.open(config); LongStream labels = labels(query)) {
            labels.forEach(label -> out.println(Long.toUnsignedString(label)));
        }
    }

    /** Every label is streamed from the index as it is printed, so that listing any dataset takes a bounded heap. */
    private LongStream labels(Query query) {
        if (box != null) {
            return LongStream.of(candidates ? query.getLabelsPossiblyInBox(box) : query.getLabels(box));
        }
        return block != null ? LongStream.of(query.getLabelsInBlock(block)) : query.streamLabels();
    }
}
