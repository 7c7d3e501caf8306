package org.pocaduck.internal.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.duckdb.DuckDBConnection;
import org.pocaduck.DatasetFormat;
import org.pocaduck.DatasetNotFoundException;
import org.pocaduck.DatasetStatistics;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.index.DuckDb;
import org.pocaduck.internal.index.LabelChunks;
import org.pocaduck.internal.index.LabelDirectory;
import org.pocaduck.internal.index.LabelRanges;
import org.pocaduck.internal.io.DatasetVerifier;
import org.pocaduck.internal.io.PointReader;
import org.pocaduck.internal.store.DatasetFiles;

/**
 * Reads a consolidated generation of this library's layout: counts and row ranges from the memory-mapped label
 * directory, block lists from the DuckDB index, points straight from the labels' row ranges.
 */
public final class NativeDatasetReader implements DatasetReader {
    private final DatasetFiles files;
    private final PointSchema schema;
    private final long generation;
    private final String optimizedRun;
    private final Path indexFile;
    private final DatasetIndex index;
    private final LabelDirectory directory;
    private final PointReader reader;

    private NativeDatasetReader(DatasetFiles files, Manifest manifest, Path indexFile, DatasetIndex index,
            LabelDirectory directory) {
        this.files = files;
        this.schema = manifest.schema();
        this.generation = manifest.generation();
        this.optimizedRun = manifest.optimizedRun();
        this.indexFile = indexFile;
        this.index = index;
        this.directory = directory;
        this.reader = new PointReader(files, index, schema);
    }

    /** Whether {@code base} holds this library's manifest. */
    public static boolean isAt(Path base) {
        return Files.isRegularFile(base.resolve(DatasetLayout.MANIFEST));
    }

    /**
     * Opens the generation current now of the dataset whose files are {@code files}, which it closes when it is
     * closed (also when opening fails). In an object store, the index files are downloaded once and the part files
     * read range by range.
     *
     * @throws DatasetNotFoundException if there is no manifest, or no consolidated generation
     */
    public static NativeDatasetReader open(DatasetFiles files) {
        try {
            Manifest manifest;
            try (DuckDBConnection duck = DuckDb.openInMemory()) {
                manifest = Manifest.read(files, duck).orElseThrow(() -> new DatasetNotFoundException(
                        "no PoCADuck dataset at " + files.location() + " (no " + DatasetLayout.MANIFEST + ")"));
            } catch (SQLException e) {
                throw DuckDb.failure("reading the manifest of " + files.location(), e);
            }
            if (manifest.indexFile() == null) {
                throw new DatasetNotFoundException("dataset " + files.location() + " has never been consolidated;"
                        + " run Ingestor.consolidateIndexes after the workers have finished");
            }
            Path indexFile = files.local(manifest.indexFile());
            LabelDirectory directory = LabelDirectory.open(files.local(LabelDirectory.keyFor(manifest.indexFile())));
            return new NativeDatasetReader(files, manifest, indexFile, DatasetIndex.open(indexFile), directory);
        } catch (IOException e) {
            closeQuietly(files);
            throw new PocaduckIOException("cannot open the index of " + files.location() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(files);
            throw e;
        }
    }

    private static void closeQuietly(DatasetFiles files) {
        try {
            files.close();
        } catch (IOException ignored) {
            // The open already failed; that failure is the one to report.
        }
    }

    @Override
    public DatasetFormat format() {
        return DatasetFormat.POCADUCK;
    }

    @Override
    public PointSchema schema() {
        return schema;
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public long[] labels() {
        return directory.labels();
    }

    @Override
    public long pointCount(long label) {
        return directory.pointCount(label);
    }

    @Override
    public List<String> blocks(long label) {
        return index.blocks(label);
    }

    @Override
    public Map<Long, PointCloud> points(long[] labels) {
        Map<Long, LabelRanges> ranges = new LinkedHashMap<>();
        for (long label : labels) {
            ranges.put(label, directory.ranges(label));
        }
        if (ranges.size() == 1) {
            // The common single-label call: an empty label needs no reader at all.
            LabelRanges only = ranges.values().iterator().next();
            long label = ranges.keySet().iterator().next();
            return Map.of(label, only.files() == 0 ? PointCloud.empty(schema) : reader.read(only));
        }
        return reader.readAll(ranges);
    }

    /** The chunks of the label in those blocks, in index order (block id, file, row), read as one cloud. */
    @Override
    public PointCloud points(long label, Set<String> blockIds) {
        LabelChunks chunks = index.chunks(label, label);
        int selected = 0;
        int[] fileIds = new int[chunks.size()];
        long[] rowStarts = new long[chunks.size()];
        int[] rowCounts = new int[chunks.size()];
        for (int c = 0; c < chunks.size(); c++) {
            if (blockIds.contains(chunks.blockIds().get(chunks.block(c)))) {
                fileIds[selected] = chunks.fileId(c);
                rowStarts[selected] = chunks.rowStart(c);
                rowCounts[selected] = chunks.count(c);
                selected++;
            }
        }
        if (selected == 0) {
            return PointCloud.empty(schema);
        }
        return reader.read(new LabelRanges(Arrays.copyOf(fileIds, selected), Arrays.copyOf(rowStarts, selected),
                Arrays.copyOf(rowCounts, selected)));
    }

    @Override
    public DatasetStatistics statistics() {
        long partBytes = index.files().stream().mapToLong(DatasetIndex.IndexedFile::bytes).sum();
        long optimizedFiles = optimizedRun == null ? 0
                : index.files().stream().filter(file -> file.path().startsWith(optimizedRun + "/")).count();
        long indexBytes;
        TreeSet<Long> generations = new TreeSet<>();
        try {
            indexBytes = Files.size(indexFile) + Files.size(LabelDirectory.pathFor(indexFile));
            for (String key : files.list(DatasetLayout.INDEX + "/")) {
                generations.add(DatasetLayout.indexGeneration(key.substring(key.lastIndexOf('/') + 1)));
            }
        } catch (IOException e) {
            throw new PocaduckIOException("cannot read the size of index " + indexFile + ": " + e.getMessage(), e);
        }
        generations.remove(-1L);
        return new DatasetStatistics(Manifest.FORMAT_VERSION, generation, List.copyOf(generations),
                directory.labelCount(), directory.pointCount(), index.blockCount(), index.files().size(),
                optimizedFiles, optimizedRun, partBytes, indexBytes);
    }

    @Override
    public List<String> verify() {
        return new DatasetVerifier(files, index, directory).verify();
    }

    @Override
    public String describe() {
        return files.location() + ", generation " + generation;
    }

    @Override
    public void close() {
        try {
            index.close();
        } finally {
            closeQuietly(files);
        }
    }
}
