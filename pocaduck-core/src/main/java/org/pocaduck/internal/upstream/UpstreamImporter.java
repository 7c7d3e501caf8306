package org.pocaduck.internal.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.pocaduck.ColumnType;
import org.pocaduck.ConsolidationSummary;
import org.pocaduck.DatasetFormat;
import org.pocaduck.DatasetNotFoundException;
import org.pocaduck.ImportOptions;
import org.pocaduck.ImportSummary;
import org.pocaduck.Ingestor;
import org.pocaduck.IngestorOptions;
import org.pocaduck.PocaduckException;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.PointCloud;
import org.pocaduck.PointSchema;
import org.pocaduck.PythonDatasetImport;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import org.pocaduck.internal.read.NativeDatasetReader;

/**
 * Converts a Python dataset into this library's format: labels in batches of about {@link #BATCH_POINTS} points
 * (each batch reads each of its files once), written by parallel workers with their own Ingestors, then
 * consolidated and checked label by label against the source.
 */
public final class UpstreamImporter {
    /** Points read per batch: bounds a worker's memory while keeping each file's reads few. */
    private static final long BATCH_POINTS = 1 << 20;
    /** Mismatches listed in the failure message; beyond this, only their number. */
    private static final int MISMATCHES_NAMED = 10;

    private final Path source;
    private final StorageConfig target;
    private final ImportOptions options;

    public UpstreamImporter(Path source, StorageConfig target, ImportOptions options) {
        this.source = source.toAbsolutePath().normalize();
        this.target = target;
        this.options = options;
    }

    public ImportSummary run() {
        long start = System.nanoTime();
        UpstreamLayout layout = detectSource();
        checkTarget();
        try (UpstreamDatasetReader reader = openSource(layout)) {
            PointSchema schema = targetSchema(reader.schema().dimensions());
            UpstreamIndex.LabelCounts counts = reader.labelCounts();
            long total = Arrays.stream(counts.counts()).sum();
            long[] read = new long[counts.labels().length];
            long[] written = new long[counts.labels().length];
            writeAll(reader, schema, counts, total, read, written);
            ConsolidationSummary consolidation = Ingestor.consolidateIndexes(target);
            long blocks = check(counts, read, written);
            return new ImportSummary(reader.format(), counts.labels().length, Arrays.stream(read).sum(),
                    Arrays.stream(written).sum(), blocks, consolidation.generation(),
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private UpstreamLayout detectSource() {
        if (NativeDatasetReader.isAt(source)) {
            throw new IllegalArgumentException(source + " already holds a dataset of this library; there is nothing"
                    + " to import");
        }
        return UpstreamLayout.detect(source).orElseThrow(() -> new DatasetNotFoundException(
                "no Python PoCADuck dataset at " + source + " (none of " + UpstreamLayout.MARKERS + ")"));
    }

    /** The source is never written into, and the import never merges into existing data. */
    private void checkTarget() {
        Path base = target.base();
        if (base.startsWith(source)) {
            throw new IllegalArgumentException("target " + base + " is inside the source " + source
                    + "; the Python dataset is never written into, choose a directory outside it");
        }
        if (Files.exists(base)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(base)) {
                empty = entries.findAny().isEmpty();
            } catch (IOException e) {
                throw new IllegalArgumentException("target " + base + " is not a readable directory: " + e, e);
            }
            if (!empty) {
                throw new IllegalArgumentException("target " + base + " is not empty; expected a new or empty"
                        + " directory for the imported dataset");
            }
        }
    }

    /** The blockwise layout keeps block ids, so it is read whenever all its files are there. */
    private UpstreamDatasetReader openSource(UpstreamLayout layout) {
        boolean optimized = Files.isRegularFile(layout.optimizedIndex());
        if (!Files.isRegularFile(layout.unifiedIndex()) && optimized) {
            return UpstreamDatasetReader.open(layout, DatasetFormat.PYTHON_OPTIMIZED);
        }
        UpstreamDatasetReader blockwise = UpstreamDatasetReader.open(layout, DatasetFormat.PYTHON);
        List<Path> missing = blockwise.missingFiles();
        if (missing.isEmpty()) {
            return blockwise;
        }
        blockwise.close();
        if (optimized) {
            return UpstreamDatasetReader.open(layout, DatasetFormat.PYTHON_OPTIMIZED);
        }
        throw new PocaduckException(missing.size() + " files named by " + layout.unifiedIndex() + " are missing,"
                + " e.g. " + missing.get(0) + "; nothing was imported");
    }

    private PointSchema targetSchema(int dimensions) {
        PointSchema schema = options.schema().orElse(PointSchema.defaultFor(dimensions, ColumnType.INT64));
        if (schema.dimensions() != dimensions) {
            throw new IllegalArgumentException("schema " + schema + " has " + schema.dimensions() + " columns but the"
                    + " points of " + source + " have " + dimensions + " values each");
        }
        return schema;
    }

    private void writeAll(UpstreamDatasetReader reader, PointSchema schema, UpstreamIndex.LabelCounts counts,
            long total, long[] read, long[] written) {
        List<int[]> batches = batches(counts.counts());
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        ProgressCounter progress = new ProgressCounter(options.progress(), total);
        IngestorOptions ingestorOptions = IngestorOptions.defaults().withSchema(schema);
        PointSchema sourceSchema = PointSchema.defaultFor(schema.dimensions(), ColumnType.INT64);
        ExecutorService threads = Executors.newFixedThreadPool(options.workers());
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 1; w <= options.workers(); w++) {
                String workerId = "python-import-" + w;
                workers.add(threads.submit(() -> {
                    try (Ingestor ingestor = Ingestor.open(target, workerId, ingestorOptions)) {
                        for (int b = next.getAndIncrement(); b < batches.size() && !failed.get();
                                b = next.getAndIncrement()) {
                            int[] range = batches.get(b);
                            long done = importBatch(reader, ingestor, sourceSchema, counts.labels(), range, read,
                                    written);
                            progress.add(done);
                        }
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                    return null;
                }));
            }
            awaitAll(workers);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Consecutive label index ranges [from, to) of about {@link #BATCH_POINTS} points, at least one label each. */
    private static List<int[]> batches(long[] counts) {
        List<int[]> batches = new ArrayList<>();
        int from = 0;
        long points = 0;
        for (int i = 0; i < counts.length; i++) {
            if (i > from && points + counts[i] > BATCH_POINTS) {
                batches.add(new int[] {from, i});
                from = i;
                points = 0;
            }
            points += counts[i];
        }
        if (from < counts.length) {
            batches.add(new int[] {from, counts.length});
        }
        return batches;
    }

    /** Reads the batch's labels and writes them block by block; returns the source points the batch covered. */
    private long importBatch(UpstreamDatasetReader reader, Ingestor ingestor, PointSchema sourceSchema, long[] labels,
            int[] range, long[] read, long[] written) {
        Map<Long, LabelPoints> byLabel = new LinkedHashMap<>();
        Map<Long, Integer> position = new LinkedHashMap<>();
        for (int i = range[0]; i < range[1]; i++) {
            byLabel.put(labels[i], new LabelPoints(options.deduplicate()));
            position.put(labels[i], i);
        }
        long[] batch = Arrays.copyOfRange(labels, range[0], range[1]);
        reader.read(batch, (label, blockId, point) -> byLabel.get(label).add(
                blockId == null ? PythonDatasetImport.OPTIMIZED_BLOCK_ID : blockId, point, sourceSchema.dimensions()));
        long points = 0;
        for (Map.Entry<Long, LabelPoints> entry : byLabel.entrySet()) {
            LabelPoints label = entry.getValue();
            for (Map.Entry<String, GrowingColumns> block : label.blocks.entrySet()) {
                PointCloud cloud = block.getValue().toCloud(sourceSchema);
                ingestor.write(entry.getKey(), block.getKey(), cloud);
            }
            int at = position.get(entry.getKey());
            // Each label belongs to one batch, so each slot is written by one thread; Future.get orders the reads.
            read[at] = label.read;
            written[at] = label.written;
            points += label.read;
        }
        return points;
    }

    private static void awaitAll(List<Future<?>> workers) {
        RuntimeException first = null;
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new PocaduckIOException("import worker failed: " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PocaduckIOException("interrupted while importing", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Every label's count in the new dataset must be what was written, and what was read must be what the source
     * index says. Returns the new dataset's number of blocks.
     */
    private long check(UpstreamIndex.LabelCounts counts, long[] read, long[] written) {
        List<String> mismatches = new ArrayList<>();
        try (Query imported = Query.open(target)) {
            long[] labels = counts.labels();
            for (int i = 0; i < labels.length; i++) {
                String label = Long.toUnsignedString(labels[i]);
                if (read[i] != counts.counts()[i]) {
                    mismatches.add("label " + label + ": the source index says " + counts.counts()[i]
                            + " points but its files hold " + read[i]);
                }
                long found = imported.getPointCount(labels[i]);
                if (found != written[i]) {
                    mismatches.add("label " + label + ": " + written[i] + " points written but the new dataset"
                            + " counts " + found);
                }
            }
            if (imported.getLabels().length != labels.length - zeroes(written)) {
                mismatches.add("the new dataset has " + imported.getLabels().length + " labels, the source "
                        + labels.length);
            }
            if (!mismatches.isEmpty()) {
                int more = mismatches.size() - MISMATCHES_NAMED;
                throw new PocaduckException("import of " + source + " into " + target.base() + " does not match its"
                        + " source: " + String.join("; ", mismatches.subList(0, Math.min(MISMATCHES_NAMED,
                                mismatches.size()))) + (more > 0 ? "; and " + more + " more" : ""));
            }
            return imported.statistics().blocks();
        }
    }

    private static int zeroes(long[] values) {
        return (int) Arrays.stream(values).filter(value -> value == 0).count();
    }

    /** One label's points of a batch, by block in first-seen order, dropping repeated points when asked. */
    private static final class LabelPoints {
        final Map<String, GrowingColumns> blocks = new LinkedHashMap<>();
        final Set<PointKey> seen;
        long read;
        long written;

        LabelPoints(boolean deduplicate) {
            seen = deduplicate ? new HashSet<>() : null;
        }

        void add(String blockId, long[] point, int dimensions) {
            read++;
            if (seen != null && !seen.add(new PointKey(point.clone()))) {
                return;
            }
            blocks.computeIfAbsent(blockId, b -> new GrowingColumns(dimensions)).add(point);
            written++;
        }
    }

    /** A point's values as a hash key. */
    private record PointKey(long[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof PointKey key && Arrays.equals(values, key.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }

    /** Adds up the points done and reports them, one report at a time. */
    private static final class ProgressCounter {
        private final ImportOptions.Progress listener;
        private final long total;
        private long done;

        ProgressCounter(ImportOptions.Progress listener, long total) {
            this.listener = listener;
            this.total = total;
        }

        synchronized void add(long points) {
            done += points;
            listener.update(done, total);
        }
    }
}
