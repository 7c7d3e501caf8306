package org.pocaduck.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.pocaduck.Box;
import org.pocaduck.PointCloud;
import org.pocaduck.Query;
import org.pocaduck.QueryOptions;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Exports the points of one or more labels as CSV, NumPy arrays, PLY files or Parquet. */
@Command(
        name = "points",
        description = {
            "Print or save all points of one or more labels, aggregated across blocks and workers.",
            "csv: a header 'label,<columns>', then one row per point, values exact.",
            "npy: a NumPy array of shape (N, D) per label, typed like the columns when they share one type,"
                    + " else float64.",
            "ply: a binary PLY file of vertices per label (MeshLab, CloudCompare); int64 columns as double.",
            "parquet: one file with a label column (UINT_64) and one typed column per schema column; needs --output.",
            "npy and ply hold one label per file: several labels need --output to be a directory, which gets one"
                    + " <label>.npy or <label>.ply each.",
            "--bbox keeps each label's points inside a box, --block those of some blocks; they cannot be combined."
        },
        footer = {"", "Examples:",
            "  pocaduck points --base /data/pc --label 360287970189827102 > points.csv",
            "  pocaduck points --base /data/pc --label 7 --label 0x2a \\",
            "      --format npy --output arrays/",
            "  pocaduck points --base /data/pc --label 7 --format ply --output neuron.ply",
            "  pocaduck points --base /data/pc --label 7 --block 3_4_5 --block 3_4_6",
            "  pocaduck points --base /data/pc --label 7 --label 8 \\",
            "      --bbox 1000,2000,3000,1256,2256,3256",
            "  pocaduck points --base /data/pc --label 7 --bbox 0,0,500,inf,inf,600 \\",
            "      --format ply --output slab.ply"})
final class PointsCommand extends DatasetCommand {

    enum Format { csv, npy, ply, parquet }

    /** Labels read in one batch: enough to share file opens, few enough to bound memory. */
    private static final int LABELS_PER_BATCH = 1_000;

    @Option(names = "--label", required = true, paramLabel = "LABEL", converter = LabelConverter.class,
            description = "A uint64 label, in decimal or 0x-hex; repeat for several labels.")
    List<Long> labels;

    @Option(names = "--block", paramLabel = "BLOCK",
            description = "Only points in this block; repeat for several blocks (default: all blocks).")
    List<String> blocks;

    @Option(names = "--bbox", paramLabel = BoxConverter.PARAM_LABEL, converter = BoxConverter.class,
            description = "Only points inside this box." + BoxConverter.FORMAT)
    Box box;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write to this file (or, for npy, into this directory) instead of stdout.")
    Path output;

    @Option(names = "--deduplicate", description = "Each distinct point once, sorted by its values: what the Python"
            + " PoCADuck's get_points returns for its blockwise data.")
    boolean deduplicate;

    @Override
    protected void run(StorageConfig config) throws IOException {
        long[] distinct = new LinkedHashSet<>(labels).stream().mapToLong(Long::longValue).toArray();
        boolean intoDirectory = output != null && Files.isDirectory(output);
        if (format == Format.parquet && (output == null || intoDirectory)) {
            throw new ParameterException(spec.commandLine(), "parquet needs --output naming the file to write");
        }
        if (box != null && blocks != null) {
            throw new ParameterException(spec.commandLine(), "--bbox and --block cannot be combined: give one of"
                    + " them");
        }
        if ((format == Format.npy || format == Format.ply) && distinct.length > 1 && !intoDirectory) {
            throw new ParameterException(spec.commandLine(), format + " holds one label per file: with several"
                    + " labels, --output must be an existing directory");
        }
        try (Query query = Query.open(config, QueryOptions.defaults().withDeduplication(deduplicate))) {
            // With --block, --bbox or --deduplicate the total is unknown until read: the bar then counts up.
            boolean counted = blocks == null && box == null && !deduplicate;
            long total = counted ? 0 : -1;
            for (int i = 0; i < distinct.length && counted; i++) {
                total += query.getPointCount(distinct[i]);
            }
            try (Progress progress = Progress.start("export", "points", total, spec.commandLine().getErr())) {
                export(query, distinct, intoDirectory, progress);
            }
        }
    }

    /** The points of {@code labels}: one batch read (inside the box with --bbox), or each label's --block blocks. */
    private Map<Long, PointCloud> points(Query query, long[] labels) {
        if (box != null) {
            return query.getPoints(labels, box);
        }
        if (blocks == null) {
            return query.getPoints(labels);
        }
        Map<Long, PointCloud> clouds = new LinkedHashMap<>();
        for (long label : labels) {
            clouds.put(label, query.getPoints(label, blocks));
        }
        return clouds;
    }

    private void export(Query query, long[] distinct, boolean intoDirectory, Progress progress) throws IOException {
        if (format == Format.parquet) {
            Map<Long, PointCloud> clouds = points(query, distinct);
            writeParquet(query, clouds);
            progress.step(clouds.values().stream().mapToLong(PointCloud::size).sum());
            return;
        }
        if (!intoDirectory && format != Format.csv) {
            PointCloud cloud = points(query, distinct).get(distinct[0]);
            writeBinary(distinct[0], cloud, output);
            progress.step(cloud.size());
            return;
        }
        try (Writer csvFile = format == Format.csv && output != null ? Files.newBufferedWriter(output) : null) {
            CsvPointWriter csv = format == Format.csv ? new CsvPointWriter(csvFile != null ? csvFile : out()) : null;
            if (csv != null) {
                csv.writeHeader(query.schema());
            }
            // Labels in groups: each group is one batch read (every part file opened once for the group), and
            // memory holds one group's points at a time however many labels are exported.
            for (int from = 0; from < distinct.length; from += LABELS_PER_BATCH) {
                long[] group = Arrays.copyOfRange(distinct, from, Math.min(distinct.length, from + LABELS_PER_BATCH));
                for (Map.Entry<Long, PointCloud> entry : points(query, group).entrySet()) {
                    if (csv != null) {
                        csv.writeRows(entry.getKey(), entry.getValue());
                    } else {
                        writeBinary(entry.getKey(), entry.getValue(),
                                output.resolve(Long.toUnsignedString(entry.getKey()) + "." + format));
                    }
                    progress.step(entry.getValue().size());
                }
            }
        }
    }

    private void writeParquet(Query query, Map<Long, PointCloud> clouds) throws IOException {
        try {
            ParquetPointWriter.write(query.schema(), clouds, output);
        } catch (SQLException e) {
            throw new IOException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    /** Writes npy or ply to {@code file}, or as raw bytes to the process's stdout when there is none. */
    private void writeBinary(long label, PointCloud cloud, Path file) throws IOException {
        if (file == null) {
            writeBinary(label, cloud, new BufferedOutputStream(System.out));
            return;
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writeBinary(label, cloud, out);
        }
    }

    private void writeBinary(long label, PointCloud cloud, OutputStream out) throws IOException {
        if (format == Format.ply) {
            PlyPointWriter.write(label, cloud, out);
        } else {
            NpyPointWriter.write(cloud, out);
        }
    }
}
