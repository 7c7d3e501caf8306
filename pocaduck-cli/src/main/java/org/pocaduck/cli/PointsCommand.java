package org.pocaduck.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
                    + " <label>.npy or <label>.ply each."
        },
        footer = {"", "Examples:",
            "  pocaduck points --base /data/pc --label 360287970189827102 > points.csv",
            "  pocaduck points --base /data/pc --label 7 --label 0x2a \\",
            "      --format npy --output arrays/",
            "  pocaduck points --base /data/pc --label 7 --format ply --output neuron.ply"})
final class PointsCommand extends DatasetCommand {

    enum Format { csv, npy, ply, parquet }

    @Option(names = "--label", required = true, paramLabel = "LABEL", converter = LabelConverter.class,
            description = "A uint64 label, in decimal or 0x-hex; repeat for several labels.")
    List<Long> labels;

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
        if ((format == Format.npy || format == Format.ply) && distinct.length > 1 && !intoDirectory) {
            throw new ParameterException(spec.commandLine(), format + " holds one label per file: with several"
                    + " labels, --output must be an existing directory");
        }
        try (Query query = Query.open(config, QueryOptions.defaults().withDeduplication(deduplicate))) {
            // The batch read opens each part file once for all labels instead of once per label.
            Map<Long, PointCloud> clouds = distinct.length == 1
                    ? Map.of(distinct[0], query.getPoints(distinct[0]))
                    : query.getPoints(distinct);
            if (format == Format.csv) {
                writeCsv(query, clouds);
            } else if (format == Format.parquet) {
                writeParquet(query, clouds);
            } else if (intoDirectory) {
                for (Map.Entry<Long, PointCloud> entry : clouds.entrySet()) {
                    writeBinary(entry.getKey(), entry.getValue(),
                            output.resolve(Long.toUnsignedString(entry.getKey()) + "." + format));
                }
            } else {
                writeBinary(distinct[0], clouds.get(distinct[0]), output);
            }
        }
    }

    private void writeCsv(Query query, Map<Long, PointCloud> clouds) throws IOException {
        if (output == null) {
            writeCsv(query, clouds, out());
            return;
        }
        try (Writer writer = Files.newBufferedWriter(output)) {
            writeCsv(query, clouds, writer);
        }
    }

    private static void writeCsv(Query query, Map<Long, PointCloud> clouds, Writer writer) throws IOException {
        CsvPointWriter csv = new CsvPointWriter(writer);
        csv.writeHeader(query.schema());
        for (Map.Entry<Long, PointCloud> entry : clouds.entrySet()) {
            csv.writeRows(entry.getKey(), entry.getValue());
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
