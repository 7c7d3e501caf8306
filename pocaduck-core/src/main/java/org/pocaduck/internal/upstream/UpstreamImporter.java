package org.pocaduck.internal.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import org.pocaduck.PointSchema;
import org.pocaduck.PythonDatasetImport;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;
import org.pocaduck.internal.read.NativeDatasetReader;

/**
 * Converts a Python dataset into this library's format: file by file (or, to deduplicate, in batches of labels),
 * written by parallel workers with their own Ingestors, then consolidated and checked label by label against the
 * source.
 */
public final class UpstreamImporter {
    /** Points per unit of work: bounds a worker's memory while keeping queries few. */
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
            LabelTally tally = new LabelTally();
            writeAll(reader, schema, Arrays.stream(counts.counts()).sum(), tally);
            ConsolidationSummary consolidation = Ingestor.consolidateIndexes(target);
            long blocks = check(counts, tally);
            return new ImportSummary(reader.format(), counts.labels().length, tally.totalRead(),
                    tally.totalWritten(), blocks, consolidation.generation(), (System.nanoTime() - start) / 1e9);
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

    private void writeAll(UpstreamDatasetReader reader, PointSchema schema, long total, LabelTally tally) {
        List<ImportUnit> units = options.deduplicate() ? labelBatches(reader) : files(reader);
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
                        for (int u = next.getAndIncrement(); u < units.size() && !failed.get();
                                u = next.getAndIncrement()) {
                            progress.add(units.get(u).importInto(ingestor, sourceSchema, tally));
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

    /** A piece of the import one worker does at a time; returns the source points (by the index) it covered. */
    private interface ImportUnit {
        long importInto(Ingestor ingestor, PointSchema sourceSchema, LabelTally tally);
    }

    /**
     * Units of consecutive source files of about {@link #BATCH_POINTS} points (at least one file each), read in one
     * scan, so every file is read once and small files share a query. Rows are stored in write order, so one
     * (label, block) write is a run of rows: each run goes to the Ingestor as one chunk.
     */
    private static List<ImportUnit> files(UpstreamDatasetReader reader) {
        List<ImportUnit> units = new ArrayList<>();
        List<String> group = new ArrayList<>();
        long points = 0;
        for (Map.Entry<String, Long> file : reader.filePoints().entrySet()) {
            if (!group.isEmpty() && points + file.getValue() > BATCH_POINTS) {
                units.add(fileGroup(reader, List.copyOf(group), points));
                group.clear();
                points = 0;
            }
            group.add(file.getKey());
            points += file.getValue();
        }
        if (!group.isEmpty()) {
            units.add(fileGroup(reader, List.copyOf(group), points));
        }
        return units;
    }

    private static ImportUnit fileGroup(UpstreamDatasetReader reader, List<String> files, long points) {
        return (ingestor, sourceSchema, tally) -> {
            Map<Long, long[]> counts = new HashMap<>();
            RunWriter runs = new RunWriter(ingestor, sourceSchema);
            reader.readFiles(files, (label, blockId, point) -> {
                runs.add(label, blockId == null ? PythonDatasetImport.OPTIMIZED_BLOCK_ID : blockId, point);
                long[] count = counts.computeIfAbsent(label, l -> new long[2]);
                count[0]++;
                count[1]++;
            });
            runs.flush();
            tally.add(counts);
            return points;
        };
    }

    /**
     * Deduplication needs all of a label's points at once: one unit per batch of labels of about
     * {@link #BATCH_POINTS} points, each batch reading the files of its labels once.
     */
    private static List<ImportUnit> labelBatches(UpstreamDatasetReader reader) {
        UpstreamIndex.LabelCounts counts = reader.labelCounts();
        List<ImportUnit> units = new ArrayList<>();
        int from = 0;
        long points = 0;
        for (int i = 0; i <= counts.labels().length; i++) {
            boolean end = i == counts.labels().length;
            if (i > from && (end || points + counts.counts()[i] > BATCH_POINTS)) {
                long[] batch = Arrays.copyOfRange(counts.labels(), from, i);
                long batchPoints = points;
                units.add((ingestor, sourceSchema, tally) -> {
                    importDistinct(reader, ingestor, sourceSchema, batch, tally);
                    return batchPoints;
                });
                from = i;
                points = 0;
            }
            if (!end) {
                points += counts.counts()[i];
            }
        }
        return units;
    }

    /** Writes each label's distinct points, the first copy of each in its block, blocks in first-seen order. */
    private static void importDistinct(UpstreamDatasetReader reader, Ingestor ingestor, PointSchema sourceSchema,
            long[] labels, LabelTally tally) {
        Map<Long, DistinctLabelPoints> byLabel = new LinkedHashMap<>();
        for (long label : labels) {
            byLabel.put(label, new DistinctLabelPoints());
        }
        reader.read(labels, (label, blockId, point) -> byLabel.get(label).add(
                blockId == null ? PythonDatasetImport.OPTIMIZED_BLOCK_ID : blockId, point, sourceSchema.dimensions()));
        Map<Long, long[]> counts = new HashMap<>();
        for (Map.Entry<Long, DistinctLabelPoints> entry : byLabel.entrySet()) {
            DistinctLabelPoints label = entry.getValue();
            for (Map.Entry<String, GrowingColumns> block : label.blocks.entrySet()) {
                ingestor.write(entry.getKey(), block.getKey(), block.getValue().toCloud(sourceSchema));
            }
            if (label.read > 0) {
                counts.put(entry.getKey(), new long[] {label.read, label.written});
            }
        }
        tally.add(counts);
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
    private long check(UpstreamIndex.LabelCounts counts, LabelTally tally) {
        List<String> mismatches = new ArrayList<>();
        try (Query imported = Query.open(target)) {
            long[] labels = counts.labels();
            long present = 0;
            for (int i = 0; i < labels.length; i++) {
                String label = Long.toUnsignedString(labels[i]);
                long read = tally.read(labels[i]);
                long written = tally.written(labels[i]);
                present += written > 0 ? 1 : 0;
                if (read != counts.counts()[i]) {
                    mismatches.add("label " + label + ": the source index says " + counts.counts()[i]
                            + " points but its files hold " + read);
                }
                long found = imported.getPointCount(labels[i]);
                if (found != written) {
                    mismatches.add("label " + label + ": " + written + " points written but the new dataset counts "
                            + found);
                }
            }
            if (imported.getLabels().length != present) {
                mismatches.add("the new dataset has " + imported.getLabels().length + " labels, " + present
                        + " were written");
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

    /** One label's distinct points, by block in first-seen order. */
    private static final class DistinctLabelPoints {
        final Map<String, GrowingColumns> blocks = new LinkedHashMap<>();
        final Set<PointKey> seen = new HashSet<>();
        long read;
        long written;

        void add(String blockId, long[] point, int dimensions) {
            read++;
            if (!seen.add(new PointKey(point.clone()))) {
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

    /** Consecutive rows of one (label, block), written as one chunk when the next row starts another. */
    private static final class RunWriter {
        private final Ingestor ingestor;
        private final PointSchema schema;
        private long label;
        private String blockId;
        private GrowingColumns points;

        RunWriter(Ingestor ingestor, PointSchema schema) {
            this.ingestor = ingestor;
            this.schema = schema;
        }

        void add(long rowLabel, String rowBlockId, long[] point) {
            if (points == null || rowLabel != label || !rowBlockId.equals(blockId)) {
                flush();
                label = rowLabel;
                blockId = rowBlockId;
                points = new GrowingColumns(schema.dimensions());
            }
            points.add(point);
        }

        void flush() {
            if (points != null) {
                ingestor.write(label, blockId, points.toCloud(schema));
                points = null;
            }
        }
    }

    /** Points read and written per label, added up from all workers. */
    private static final class LabelTally {
        private final Map<Long, long[]> counts = new HashMap<>();

        synchronized void add(Map<Long, long[]> unit) {
            unit.forEach((label, count) -> {
                long[] total = counts.computeIfAbsent(label, l -> new long[2]);
                total[0] += count[0];
                total[1] += count[1];
            });
        }

        synchronized long read(long label) {
            return counts.getOrDefault(label, new long[2])[0];
        }

        synchronized long written(long label) {
            return counts.getOrDefault(label, new long[2])[1];
        }

        synchronized long totalRead() {
            return counts.values().stream().mapToLong(count -> count[0]).sum();
        }

        synchronized long totalWritten() {
            return counts.values().stream().mapToLong(count -> count[1]).sum();
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
