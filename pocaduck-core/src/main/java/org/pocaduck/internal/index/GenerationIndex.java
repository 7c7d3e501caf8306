package org.pocaduck.internal.index;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.pocaduck.internal.format.Manifest;
import org.pocaduck.internal.store.DatasetFiles;

/**
 * The label indexes of a generation's segments (see {@link Manifest}), base first, answering as one. A label may have
 * chunks in both segments; its points are the base's, then the second segment's. File ids of the second segment
 * follow those of the base, so that one read call can number every file it touches.
 */
public final class GenerationIndex implements Closeable {
    /** UTF-8 byte order, the order block ids are stored in: the order of their code points. */
    static final Comparator<String> UTF8_ORDER = GenerationIndex::compareCodePoints;

    private final List<GenerationLookup> lookups;
    private final int[] fileIdOffsets;

    private GenerationIndex(List<GenerationLookup> lookups) {
        this.lookups = List.copyOf(lookups);
        this.fileIdOffsets = new int[lookups.size()];
        for (int s = 1; s < lookups.size(); s++) {
            fileIdOffsets[s] = Math.toIntExact(fileIdOffsets[s - 1] + lookups.get(s - 1).index().totals().files());
        }
    }

    /**
     * Opens the label index of every segment of the manifest's generation.
     *
     * @param cacheBytes about how much heap each segment's cached pages may take
     */
    public static GenerationIndex open(DatasetFiles files, Manifest manifest, long cacheBytes) throws IOException {
        List<GenerationLookup> lookups = new ArrayList<>();
        try {
            for (Manifest.Segment segment : manifest.segments()) {
                lookups.add(GenerationLookup.open(files, segment.indexFile(), segment.lookupBytes(),
                        manifest.schema().names(), cacheBytes));
            }
            return new GenerationIndex(lookups);
        } catch (IOException | RuntimeException e) {
            for (GenerationLookup lookup : lookups) {
                try {
                    lookup.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** One segment's entry of a label, with the offset that turns its page's file ids into the generation's. */
    public record Located(LabelIndex.Entry entry, int fileIdOffset) {
    }

    /** The label's entries, base first; empty when no segment holds it. */
    public List<Located> find(long label) {
        List<Located> found = new ArrayList<>(lookups.size());
        for (int s = 0; s < lookups.size(); s++) {
            LabelIndex.Entry entry = lookups.get(s).index().find(label);
            if (entry != null) {
                found.add(new Located(entry, fileIdOffsets[s]));
            }
        }
        return found;
    }

    /** The label's point count, 0 when the generation does not hold it. */
    public long pointCount(long label) {
        long points = 0;
        for (GenerationLookup lookup : lookups) {
            points += lookup.index().pointCount(label);
        }
        return points;
    }

    /** The label's distinct block ids in UTF-8 byte order; empty when the generation does not hold it. */
    public List<String> blocks(long label) {
        if (lookups.size() == 1) {
            return lookups.get(0).index().blocks(label);
        }
        Set<String> blocks = new HashSet<>();
        for (GenerationLookup lookup : lookups) {
            blocks.addAll(lookup.index().blocks(label));
        }
        List<String> sorted = new ArrayList<>(blocks);
        sorted.sort(UTF8_ORDER);
        return sorted;
    }

    /** The labels with points in the block, in unsigned order. */
    public long[] labelsInBlock(String blockId) {
        long[] merged = lookups.get(0).index().labelsInBlock(blockId);
        for (int s = 1; s < lookups.size(); s++) {
            merged = LabelSets.union(merged, lookups.get(s).index().labelsInBlock(blockId));
        }
        return merged;
    }

    /**
     * The labels the index cannot rule out of the filter's box, each mapped to whether its bounds prove a point
     * inside.
     */
    public Map<Long, Boolean> candidates(BoxFilter filter) {
        Map<Long, Boolean> candidates = new HashMap<>();
        for (GenerationLookup lookup : lookups) {
            lookup.index().visitCandidates(filter, (label, surelyInside) -> candidates.merge(label, surelyInside,
                    Boolean::logicalOr));
        }
        return candidates;
    }

    /** Every label of the generation in unsigned order. */
    public long[] labels() {
        return labelStream().toArray();
    }

    /** Every label of the generation in unsigned order, read page by page (of each segment) as it is consumed. */
    public LongStream labelStream() {
        LongStream merged = lookups.get(0).index().labelStream();
        for (int s = 1; s < lookups.size(); s++) {
            merged = LabelSets.union(merged, lookups.get(s).index().labelStream());
        }
        return merged;
    }

    /**
     * The generation's totals. Of one segment they are stored; of two, labels and blocks both segments hold are counted
     * once, which takes a scan of both label indexes: their labels and their block directories, each merged as it is
     * read.
     */
    public LabelIndex.Totals totals() {
        if (lookups.size() == 1) {
            return lookups.get(0).index().totals();
        }
        if (lookups.size() != 2) {
            throw new IllegalStateException(lookups.size() + " segments; a generation has one or two");
        }
        long points = 0;
        long chunks = 0;
        long files = 0;
        long optimizedFiles = 0;
        long partBytes = 0;
        for (GenerationLookup lookup : lookups) {
            LabelIndex.Totals totals = lookup.index().totals();
            points += totals.points();
            chunks += totals.chunks();
            files += totals.files();
            optimizedFiles += totals.optimizedFiles();
            partBytes += totals.partBytes();
        }
        long blocks = distinct(lookups.get(0).index().blockIds(), lookups.get(1).index().blockIds());
        return new LabelIndex.Totals(labelStream().count(), points, chunks, blocks, files, optimizedFiles, partBytes);
    }

    /** How many distinct block ids two iterators in UTF-8 order, each without repeats, give together. */
    private static long distinct(Iterator<String> a, Iterator<String> b) {
        long count = 0;
        String left = a.hasNext() ? a.next() : null;
        String right = b.hasNext() ? b.next() : null;
        while (left != null || right != null) {
            int order = left == null ? 1 : right == null ? -1 : UTF8_ORDER.compare(left, right);
            count++;
            if (order <= 0) {
                left = a.hasNext() ? a.next() : null;
            }
            if (order >= 0) {
                right = b.hasNext() ? b.next() : null;
            }
        }
        return count;
    }

    /** The segments' label indexes, base first. */
    public List<LabelIndex> segments() {
        return lookups.stream().map(GenerationLookup::index).toList();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (GenerationLookup lookup : lookups) {
            try {
                lookup.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
