package org.pocaduck.internal.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pocaduck.internal.io.PointReader;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.ParquetFile;
import org.pocaduck.internal.store.DatasetFiles;

/**
 * The part files one read call needs, numbered for the {@link PointReader}: one number for each file of each
 * {@link LabelPage} involved, with the layout that page holds — just the row groups its labels need, so no footer is
 * read. Used by one call on one thread.
 */
public final class PageParts implements PointReader.PartSource {
    private final DatasetFiles files;
    private final List<LabelPage> pages = new ArrayList<>();
    private final List<Integer> pageFiles = new ArrayList<>();
    private final Map<LabelPage, int[]> numbers = new IdentityHashMap<>();

    public PageParts(DatasetFiles files) {
        this.files = files;
    }

    /** All the label's points: one row range per file (a label's chunks in one file are contiguous), by file id. */
    public LabelRanges ranges(LabelIndex.Entry entry) {
        if (entry == null) {
            return LabelRanges.NONE;
        }
        LabelPage page = entry.page();
        Ranges ranges = new Ranges(page.firstChunk[entry.index() + 1] - page.firstChunk[entry.index()]);
        for (int c = page.firstChunk[entry.index()]; c < page.firstChunk[entry.index() + 1]; c++) {
            ranges.add(number(page, page.chunkFile[c]), page.chunkRow[c], page.chunkCount[c], true);
        }
        return ranges.toLabelRanges();
    }

    /** The label's chunks in the given blocks, ordered by block id, then file id and row. */
    public LabelRanges rangesInBlocks(LabelIndex.Entry entry, Set<String> blockIds) {
        if (entry == null) {
            return LabelRanges.NONE;
        }
        LabelPage page = entry.page();
        List<Integer> selected = new ArrayList<>();
        for (int c = page.firstChunk[entry.index()]; c < page.firstChunk[entry.index() + 1]; c++) {
            if (blockIds.contains(page.blocks[page.chunkBlock[c]])) {
                selected.add(c);
            }
        }
        // Block numbers follow the block ids' order; chunks are stored by file, then row.
        selected.sort(Comparator.comparingInt((Integer c) -> page.chunkBlock[c]));
        Ranges ranges = new Ranges(selected.size());
        for (int c : selected) {
            ranges.add(number(page, page.chunkFile[c]), page.chunkRow[c], page.chunkCount[c], false);
        }
        return ranges.toLabelRanges();
    }

    private int number(LabelPage page, int pageFile) {
        int[] assigned = numbers.computeIfAbsent(page, p -> {
            int[] fresh = new int[p.files.length];
            Arrays.fill(fresh, -1);
            return fresh;
        });
        if (assigned[pageFile] < 0) {
            assigned[pageFile] = pages.size();
            pages.add(page);
            pageFiles.add(pageFile);
        }
        return assigned[pageFile];
    }

    @Override
    public ByteSource open(int part) throws IOException {
        LabelPage.PageFile file = file(part);
        return files.open(file.path(), file.bytes());
    }

    @Override
    public ParquetFile layout(int part, ByteSource source) throws IOException {
        return pages.get(part).layout(pageFiles.get(part), describe(part));
    }

    @Override
    public String describe(int part) {
        return files.describe(file(part).path());
    }

    private LabelPage.PageFile file(int part) {
        return pages.get(part).files[pageFiles.get(part)];
    }

    /** Row ranges being collected, optionally merging a chunk into the range it continues. */
    private static final class Ranges {
        final int[] parts;
        final long[] starts;
        final int[] counts;
        int size;

        Ranges(int capacity) {
            parts = new int[capacity];
            starts = new long[capacity];
            counts = new int[capacity];
        }

        void add(int part, long start, int count, boolean merge) {
            if (merge && size > 0 && parts[size - 1] == part && starts[size - 1] + counts[size - 1] == start) {
                counts[size - 1] += count;
                return;
            }
            parts[size] = part;
            starts[size] = start;
            counts[size++] = count;
        }

        LabelRanges toLabelRanges() {
            return new LabelRanges(Arrays.copyOf(parts, size), Arrays.copyOf(starts, size), Arrays.copyOf(counts, size));
        }
    }
}
