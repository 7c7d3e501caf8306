package org.pocaduck.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.pocaduck.Box;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Saves a PNG picture of one label: its XY, XZ and YZ projections. */
@Command(
        name = "render",
        description = {
            "Save a PNG picture of one label: three orthogonal projections (XY, XZ, YZ of the first three columns)"
                    + " at one common scale, points shaded by depth (brighter = nearer), with axis ranges,"
                    + " a scale bar, and the label and its point count in the caption.",
            "The picture is SIZE pixels wide and SIZE/2 high.",
            "--bbox draws only the points inside the box, and the box's sides are the axes' ranges (where a side is"
                    + " open, the points' extent on that axis)."
        },
        footer = {"", "Examples:",
            "  pocaduck render --base /data/pc --label 360287970189827102 --output neuron.png",
            "  pocaduck render --base /data/pc --label 7 --output roi.png \\",
            "      --bbox 1000,2000,3000,1256,2256,3256"})
final class RenderCommand extends DatasetCommand {

    @Option(names = "--label", required = true, paramLabel = "LABEL", converter = LabelConverter.class,
            description = "The uint64 label, in decimal or 0x-hex.")
    long label;

    @Option(names = "--output", paramLabel = "FILE",
            description = "The PNG file to write (default: <label>.png in the current directory).")
    Path output;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1024",
            description = "Width of the picture in pixels, at least " + LabelRenderer.MIN_SIZE
                    + " (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--bbox", paramLabel = BoxConverter.PARAM_LABEL, converter = BoxConverter.class,
            description = "Draw only the points inside this box, on its ranges." + BoxConverter.FORMAT)
    Box box;

    @Override
    protected void run(StorageConfig config) throws IOException {
        LabelRenderer renderer = new LabelRenderer(size, box);
        Path file = output != null ? output : Path.of(Long.toUnsignedString(label) + ".png");
        try (Query query = Query.open(config)) {
            renderer.write(label, box != null ? query.getPoints(label, box) : query.getPoints(label), file);
        }
        out().println(file);
    }
}
