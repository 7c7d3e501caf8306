package org.pocaduck.internal.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pocaduck.internal.io.PointReader;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.ParquetFile;
import org.pocaduck.internal.store.DatasetFiles;

/**
 * The part files one read call needs, numbered for the {@link PointReader} by file id, with the layouts the
 * {@link LabelPage}s involved hold — just the row groups their labels need, so no footer is read. A file named by
 * several pages (a batch of labels) gets the union of their layouts, so that its reads are merged as for one page.
 * Used by one call on one thread.
 */
public final class PageParts implements PointReader.PartSource {
    private final DatasetFiles files;
    /** For each file id, the pages that name it and its number in each. */
    private final Map<Integer, Map<LabelPage, Integer>> pagesByFile = new HashMap<>();
    private final Map<Integer, ParquetFile> unions = new HashMap<>();

    public PageParts(DatasetFiles files) {
        this.files = files;
    }

    /**
     * All the label's points, the base segment's first: one row range per file (a label's chunks in one file are
     * contiguous), by file id.
     */
    public LabelRanges ranges(List<GenerationIndex.Located> entries) {
        return rangesOf(entries, (page, chunk) -> true);
    }

    /**
     * The label's chunks that may have points in the filter's box, in the order of {@link #ranges}; every chunk of a
     * page without bounds.
     */
    public LabelRanges rangesInBox(List<GenerationIndex.Located> entries, BoxFilter filter) {
        return rangesOf(entries, (page, chunk) -> page.mayIntersect(chunk, filter));
    }

    private interface ChunkTest {
        boolean test(LabelPage page, int chunk);
    }

    /** The label's chunks that pass the test, base segment first, each file's in row order, adjacent ones merged. */
    private LabelRanges rangesOf(List<GenerationIndex.Located> entries, ChunkTest test) {
        Ranges ranges = new Ranges(chunks(entries));
        for (GenerationIndex.Located located : entries) {
            LabelPage page = located.entry().page();
            int entry = located.entry().index();
            for (int c = page.firstChunk[entry]; c < page.firstChunk[entry + 1]; c++) {
                if (test.test(page, c)) {
                    ranges.add(number(page, page.chunkFile[c], located.fileIdOffset()), page.chunkRow[c],
                            page.chunkCount[c], true);
                }
            }
        }
        return ranges.toLabelRanges();
    }

    /** The label's chunks in the given blocks, ordered by block id, then by segment, file id and row. */
    public LabelRanges rangesInBlocks(List<GenerationIndex.Located> entries, Set<String> blockIds) {
        record Selected(String blockId, LabelPage page, int chunk, int fileIdOffset) {
        }
        List<Selected> selected = new ArrayList<>();
        for (GenerationIndex.Located located : entries) {
            LabelPage page = located.entry().page();
            int entry = located.entry().index();
            for (int c = page.firstChunk[entry]; c < page.firstChunk[entry + 1]; c++) {
                if (blockIds.contains(page.blocks[page.chunkBlock[c]])) {
                    selected.add(new Selected(page.blocks[page.chunkBlock[c]], page, c, located.fileIdOffset()));
                }
            }
        }
        // Stable: within a block, chunks stay in segment, then file and row order.
        selected.sort(Comparator.comparing(Selected::blockId, GenerationIndex.UTF8_ORDER));
        Ranges ranges = new Ranges(selected.size());
        for (Selected chunk : selected) {
            LabelPage page = chunk.page();
            ranges.add(number(page, page.chunkFile[chunk.chunk()], chunk.fileIdOffset()), page.chunkRow[chunk.chunk()],
                    page.chunkCount[chunk.chunk()], false);
        }
        return ranges.toLabelRanges();
    }

    private static int chunks(List<GenerationIndex.Located> entries) {
        int chunks = 0;
        for (GenerationIndex.Located located : entries) {
            LabelPage page = located.entry().page();
            chunks += page.firstChunk[located.entry().index() + 1] - page.firstChunk[located.entry().index()];
        }
        return chunks;
    }

    /** The part number of a page's file: its file id in the generation, which every page naming it agrees on. */
    private int number(LabelPage page, int pageFile, int fileIdOffset) {
        int fileId = fileIdOffset + page.files[pageFile].id();
        pagesByFile.computeIfAbsent(fileId, f -> new IdentityHashMap<>()).putIfAbsent(page, pageFile);
        return fileId;
    }

    @Override
    public ByteSource open(int part) throws IOException {
        LabelPage.PageFile file = file(part);
        return files.open(file.path(), file.bytes());
    }

    @Override
    public ParquetFile layout(int part, ByteSource source) throws IOException {
        Map<LabelPage, Integer> pages = pagesByFile.get(part);
        ParquetFile union = unions.get(part);
        if (union == null) {
            List<ParquetFile> layouts = new ArrayList<>();
            for (var page : pages.entrySet()) {
                layouts.add(page.getKey().layout(page.getValue(), describe(part)));
            }
            union = layouts.size() == 1 ? layouts.get(0) : ParquetFile.union(layouts);
            unions.put(part, union);
        }
        return union;
    }

    @Override
    public String describe(int part) {
        return files.describe(file(part).path());
    }

    private LabelPage.PageFile file(int part) {
        var page = pagesByFile.get(part).entrySet().iterator().next();
        return page.getKey().files[page.getValue()];
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
