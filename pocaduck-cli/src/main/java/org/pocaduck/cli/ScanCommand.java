package org.pocaduck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.pocaduck.BlockScanner;
import org.pocaduck.BlockScanner.AxisOrder;
import org.pocaduck.IngestorOptions;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Scans a 3-D label volume block by block into a dataset: every label's voxels (or surface voxels) in every block
 * become that label's points for that block, written by parallel workers.
 */
@Command(
        name = "scan",
        description = {
            "Scan a 3-D NumPy volume of integer labels (uint64, uint32, int64, int32, ...; C or Fortran order) block by"
                    + " block, and write the voxels of every label in every block as its points: x, y, z (int64, in"
                    + " voxels of the whole volume).",
            "The array's axes are z, y, x by default (volume[z, y, x], as connectomics tools write them), or x, y, z"
                    + " with --axes xyz. Blocks are named <bx>_<by>_<bz>, their grid position along x, y and z;"
                    + " those at the far faces are cut short.",
            "--surface keeps only voxels with a face neighbour of another label; every block is read with a"
                    + " one-voxel halo, so the blocks' surfaces together are exactly the volume's surface (the"
                    + " volume's own faces count as surface). --stride S keeps voxels whose x, y and z are all"
                    + " multiples of S. Label 0 is background and is skipped unless --include-background.",
            "Blocks are spread over --workers threads, each its own worker <worker-id>-1 ... <worker-id>-N; the"
                    + " volume is memory-mapped, not loaded."
        },
        footer = {"", "Examples:",
            "  pocaduck scan --base /data/pc --volume seg.npy --consolidate",
            "  pocaduck scan --base /data/pc --volume seg.npy --block-size 64 --surface --stride 2 --workers 8",
            "  pocaduck scan --base /data/pc --volume seg.npy --block-size 32,128,128 --axes zyx"})
final class ScanCommand extends DatasetCommand {

    @Option(names = "--volume", required = true, paramLabel = "FILE",
            description = "A .npy file holding a 3-D array of integer labels.")
    Path volume;

    @Option(names = "--block-size", split = ",", paramLabel = "N", defaultValue = "64",
            description = "Block edge in voxels: one number, or three in the array's axis order (z,y,x by default)"
                    + " (default: ${DEFAULT-VALUE}).")
    int[] blockSize;

    @Option(names = "--surface", description = "Write only surface voxels (a face neighbour of another label).")
    boolean surface;

    @Option(names = "--stride", paramLabel = "S", defaultValue = "1",
            description = "Keep only voxels whose x, y and z are multiples of S (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--include-background", description = "Write the voxels of label 0 too.")
    boolean includeBackground;

    @Option(names = "--axes", paramLabel = "ORDER", defaultValue = "zyx",
            description = "What the array's axes are, in order: zyx or xyz (default: ${DEFAULT-VALUE}).")
    String axes;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Parallel scanning and writing threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--worker-id", paramLabel = "ID", defaultValue = "scan",
            description = "Prefix of the worker ids; give each concurrent scan its own (default: ${DEFAULT-VALUE}).")
    String workerId;

    @Option(names = "--max-points-per-file", paramLabel = "K",
            description = "Points per part file, and how many a worker buffers before it writes (default: "
                    + IngestorOptions.DEFAULT_MAX_POINTS_PER_FILE + ").")
    Long maxPointsPerFile;

    @Option(names = "--consolidate", description = "Consolidate the dataset's indexes afterwards, and print the"
            + " summary of the new index generation.")
    boolean consolidate;

    @Override
    protected void run(StorageConfig config) throws IOException {
        AxisOrder arrayAxes = arrayAxes();
        int[] edges = blockEdges();
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        BlockWorkers.checkCount(workers);
        if (stride < 1) {
            throw new ParameterException(spec.commandLine(), "--stride must be at least 1, got " + stride);
        }
        NpyVolume labels = NpyVolume.open(volume);
        // Blocks are cut and scanned in memory order: each block then reads whole runs of the file.
        AxisOrder memoryAxes = labels.fortranOrder() ? reversed(arrayAxes) : arrayAxes;
        int[] memoryEdges = labels.fortranOrder() ? new int[] {edges[2], edges[1], edges[0]} : edges;
        BlockScanner scanner = (surface ? BlockScanner.surfaceVoxels() : BlockScanner.allVoxels())
                .withStride(stride).withBackground(includeBackground).withAxisOrder(memoryAxes);
        BlockGrid grid = new BlockGrid(labels.shape(), memoryEdges, memoryAxes, surface);

        IngestorOptions options = IngestorOptions.defaults().withSchema(BlockScanner.SCHEMA);
        if (maxPointsPerFile != null) {
            options = options.withMaxPointsPerFile(maxPointsPerFile);
        }
        ScanProgress progress = new ScanProgress(spec.commandLine().getErr(), grid.blockCount());
        try (progress; BlockWorkers writers = new BlockWorkers(config, workerId, workers, options)) {
            grid.forEachBlock(block -> writers.submit(block.id(), ingestor -> {
                long[] blockLabels = labels.read(block.readStart(), block.readSize());
                progress.blockScanned(scanner.scan(blockLabels, block.readSize(), block.offset(),
                        block.regionStart(), block.regionSize(), block.id(), ingestor));
            }, () -> volume + ", block " + block.id()));
        }
        out().println(progress.summary());
        if (consolidate) {
            ConsolidateCommand.print(ConsolidateCommand.consolidate(config, spec.commandLine().getErr()), out());
        }
    }

    private AxisOrder arrayAxes() {
        return switch (axes.toLowerCase(Locale.ROOT)) {
            case "zyx" -> AxisOrder.ZYX;
            case "xyz" -> AxisOrder.XYZ;
            default -> throw new ParameterException(spec.commandLine(),
                    "--axes must be zyx or xyz, got '" + axes + "'");
        };
    }

    private static AxisOrder reversed(AxisOrder order) {
        return order == AxisOrder.ZYX ? AxisOrder.XYZ : AxisOrder.ZYX;
    }

    /** The block edge along each array axis. */
    private int[] blockEdges() {
        int[] edges = blockSize.length == 1 ? new int[] {blockSize[0], blockSize[0], blockSize[0]} : blockSize;
        boolean valid = edges.length == 3;
        for (int edge : edges) {
            valid &= edge >= 1;
        }
        if (!valid) {
            throw new ParameterException(spec.commandLine(), "--block-size must be one number or three"
                    + " (z,y,x), each 1 or more, got " + String.join(",", Arrays.stream(blockSize)
                    .mapToObj(Integer::toString).toList()));
        }
        long haloVoxels = 1;
        for (int edge : edges) {
            haloVoxels *= edge + 2L;
        }
        if (haloVoxels > Integer.MAX_VALUE - 8) {
            throw new ParameterException(spec.commandLine(), "--block-size " + edges[0] + "," + edges[1] + ","
                    + edges[2] + " is too large: a block must hold fewer than 2^31 voxels");
        }
        return edges;
    }
}
