package org.pocaduck.internal.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pocaduck.internal.store.DatasetFiles;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.index.LabelIndex;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.ParquetFile;

/**
 * Checks a consolidated generation against the files it names: every part file exists with the size and row count
 * the index recorded, the labels' chunks in the label index tile each file exactly (every row belongs to one chunk),
 * and every row of a chunk holds that chunk's label. Reads every label page and each file's label column once.
 */
public final class DatasetVerifier {
    /** Problems reported per file before the rest of that file is skipped, so one broken file cannot flood the list. */
    private static final int PROBLEMS_PER_FILE = 5;

    private final DatasetFiles files;
    private final DatasetIndex index;
    private final LabelIndex directory;

    public DatasetVerifier(DatasetFiles files, DatasetIndex index, LabelIndex directory) {
        this.files = files;
        this.index = index;
        this.directory = directory;
    }

    /** One line per problem found; empty when the dataset is consistent. */
    public List<String> verify() {
        List<DatasetIndex.IndexedFile> files = index.files();
        List<List<long[]>> rangesByFile = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            rangesByFile.add(new ArrayList<>());
        }
        List<String> problems = new ArrayList<>();
        try {
            directory.forEachChunk((label, blockId, fileId, rowStart, rowCount) -> {
                if (fileId >= files.size()) {
                    throw new IllegalStateException("label " + Long.toUnsignedString(label) + " names part file "
                            + fileId + " of the " + files.size() + " the index lists");
                }
                rangesByFile.get(fileId).add(new long[] {rowStart, rowCount, label});
            });
        } catch (RuntimeException e) {
            problems.add("label index: " + e.getMessage());
            return problems;
        }
        for (int f = 0; f < files.size(); f++) {
            verifyFile(files.get(f), rangesByFile.get(f), problems);
        }
        return problems;
    }

    private void verifyFile(DatasetIndex.IndexedFile file, List<long[]> ranges, List<String> problems) {
        int before = problems.size();
        try {
            if (files.size(file.path()).isEmpty()) {
                problems.add(file.path() + ": missing");
                return;
            }
        } catch (IOException e) {
            problems.add(file.path() + ": cannot be read: " + e.getMessage());
            return;
        }
        try (ByteSource source = files.open(file.path())) {
            if (source.size() != file.bytes()) {
                problems.add(file.path() + ": " + source.size() + " bytes, the index recorded " + file.bytes());
            }
            ParquetFile parquet = ParquetFile.open(source);
            if (parquet.rowCount() != file.points()) {
                problems.add(file.path() + ": " + parquet.rowCount() + " rows, the index recorded " + file.points());
                return;
            }
            long[] labels = new long[(int) parquet.rowCount()];
            parquet.readRows(source, 0, labels.length, new String[] {"label"}, new Object[] {labels}, 0);
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            long expectedStart = 0;
            for (long[] range : ranges) {
                if (problems.size() - before >= PROBLEMS_PER_FILE) {
                    return;
                }
                if (range[0] > expectedStart) {
                    problems.add(file.path() + ": rows " + expectedStart + " to " + (range[0] - 1)
                            + " belong to no chunk");
                } else if (range[0] < expectedStart) {
                    problems.add(file.path() + ": rows " + range[0] + " to " + (expectedStart - 1)
                            + " are in two chunks");
                }
                checkLabel(file.path(), labels, range, problems);
                expectedStart = range[0] + range[1];
            }
            if (expectedStart != labels.length) {
                problems.add(file.path() + ": the ranges end at row " + expectedStart + " but the file has "
                        + labels.length + " rows");
            }
        } catch (IOException | RuntimeException e) {
            problems.add(file.path() + ": unreadable: " + e.getMessage());
        }
    }

    private static void checkLabel(String file, long[] labels, long[] range, List<String> problems) {
        int from = (int) Math.max(0, range[0]);
        int to = (int) Math.min(labels.length, range[0] + range[1]);
        int wrong = firstDifferent(labels, from, to, range[2]);
        if (wrong >= 0) {
            problems.add(file + ": row " + wrong + " holds label " + Long.toUnsignedString(labels[wrong])
                    + " but lies in a chunk of label " + Long.toUnsignedString(range[2]));
        }
    }

    private static int firstDifferent(long[] labels, int from, int to, long label) {
        for (int i = from; i < to; i++) {
            if (labels[i] != label) {
                return i;
            }
        }
        return -1;
    }
}
