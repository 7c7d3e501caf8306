package org.pocaduck.internal.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pocaduck.internal.store.DatasetFiles;
import org.pocaduck.internal.index.DatasetIndex;
import org.pocaduck.internal.index.LabelDirectory;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.ParquetFile;

/**
 * Checks a consolidated generation against the files it names: every part file exists with the size and row count
 * the index recorded, the labels' row ranges tile each file exactly (every row belongs to one range), and every row
 * of a range holds that range's label. Reads each file's label column once.
 */
public final class DatasetVerifier {
    /** Problems reported per file before the rest of that file is skipped, so one broken file cannot flood the list. */
    private static final int PROBLEMS_PER_FILE = 5;

    private final DatasetFiles files;
    private final DatasetIndex index;
    private final LabelDirectory directory;

    public DatasetVerifier(DatasetFiles files, DatasetIndex index, LabelDirectory directory) {
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
        directory.forEachRange((label, fileId, rowStart, rowCount) ->
                rangesByFile.get(fileId).add(new long[] {rowStart, rowCount, label}));
        List<String> problems = new ArrayList<>();
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
                            + " belong to no label's range");
                } else if (range[0] < expectedStart) {
                    problems.add(file.path() + ": rows " + range[0] + " to " + (expectedStart - 1)
                            + " are in the ranges of two labels");
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
                    + " but lies in the range of label " + Long.toUnsignedString(range[2]));
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
