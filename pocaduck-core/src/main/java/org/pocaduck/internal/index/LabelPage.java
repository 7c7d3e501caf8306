package org.pocaduck.internal.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pocaduck.internal.format.ByteReader;
import org.pocaduck.internal.format.ByteWriter;
import org.pocaduck.internal.parquet.ParquetFile;
import org.pocaduck.internal.parquet.ParquetFormatException;

/**
 * One page of a {@link LabelIndex}: a run of consecutive labels with everything a reader needs to answer for them —
 * their chunks (block, file, first row, point count), the block ids and part files those chunks name, and for each
 * of those files the layout of just the row groups that hold these labels' rows. A page therefore answers a count, a
 * block list or the location of every point of its labels on its own, and one read of the data follows it.
 *
 * <p>Encoding, before compression (varints and strings as {@link ByteWriter} writes them): the label count; the file
 * count, then per file its consolidated file id, path relative to the base, size in bytes and partial layout
 * ({@link ParquetFile#layout(List, long[], int[])}); the block count, then each block id, in UTF-8 byte order; then
 * every label (the first as 8 little-endian bytes, the others as the unsigned 64-bit difference to the previous one, as
 * a varint of up to 10 bytes); every label's chunk count; and for all chunks in order, each field in a run of its own:
 * their block numbers, their file numbers in this page, their first rows, their point counts. A label's chunks are
 * ordered by file id, then first row; part files are sorted by label, so a label's chunks in one file are one contiguous
 * range, and the next label's rows in that file follow them. A first row is therefore stored as the difference to where
 * the page's previous chunk of the same file ended (the previous label's, normally 0), and as a row number for a file's
 * first chunk in the page. Then the {@link ChunkBounds} of the chunks of every label with at least
 * {@value #BOUNDED_LABEL_CHUNKS} chunks, in chunk order: they let a spatial query skip the chunks of a large label that
 * its box cannot reach; a smaller label is read whole and filtered.
 *
 * <p>Version 2 pages (magic {@code PCDLKUP2}) store per label its label, chunk count and chunks' fields together, a
 * first row as a row number except for a chunk following one of the same file within the same label, and the bounds
 * of every chunk; version 1 pages store no bounds.
 */
final class LabelPage implements LabelIndex.Weighted {
    /**
     * Labels with at least this many chunks keep their chunks' bounds. Most labels have fewer (97% of the chunks of
     * the scale benchmark's volumes), and reading their few chunks whole costs less than storing the bounds did, about
     * a third of every page.
     */
    static final int BOUNDED_LABEL_CHUNKS = 4;
    /** A part file as one page names it. */
    record PageFile(int id, String path, long bytes, byte[] layout) {
    }

    final long[] labels;
    /** Where each label's chunks start; {@code labels.length + 1} entries. */
    final int[] firstChunk;
    final int[] chunkBlock;
    final int[] chunkFile;
    final long[] chunkRow;
    final int[] chunkCount;
    final String[] blocks;
    final PageFile[] files;
    /**
     * Each chunk's bounds, NaN (which rules nothing out) for chunks of labels stored without; null in pages of label
     * indexes written before bounds were kept.
     */
    final ChunkBounds bounds;
    private final ParquetFile[] parsed;
    private final long weight;

    LabelPage(long[] labels, int[] firstChunk, int[] chunkBlock, int[] chunkFile, long[] chunkRow, int[] chunkCount,
            String[] blocks, PageFile[] files, ChunkBounds bounds, long encodedBytes) {
        this.labels = labels;
        this.firstChunk = firstChunk;
        this.chunkBlock = chunkBlock;
        this.chunkFile = chunkFile;
        this.chunkRow = chunkRow;
        this.chunkCount = chunkCount;
        this.blocks = blocks;
        this.files = files;
        this.bounds = bounds;
        this.parsed = new ParquetFile[files.length];
        // Arrays of labels and chunks, strings and layouts (a parsed layout takes several times its encoding).
        this.weight = 64 + 12L * labels.length + 24L * chunkRow.length + 6 * encodedBytes
                + (bounds == null ? 0 : 16L * bounds.min().length);
    }

    /** About how many bytes of heap the page holds, for the page cache. */
    @Override
    public long weight() {
        return weight;
    }

    /** The entry of {@code label} in this page, or -1. */
    int find(long label) {
        int low = 0;
        int high = labels.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = Long.compareUnsigned(labels[middle], label);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    long pointCount(int entry) {
        long points = 0;
        for (int c = firstChunk[entry]; c < firstChunk[entry + 1]; c++) {
            points += chunkCount[c];
        }
        return points;
    }

    /** The entry's distinct block ids in UTF-8 byte order (the order DuckDB sorts them in). */
    List<String> blocks(int entry) {
        int[] numbers = Arrays.copyOfRange(chunkBlock, firstChunk[entry], firstChunk[entry + 1]);
        Arrays.sort(numbers);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < numbers.length; i++) {
            if (i == 0 || numbers[i] != numbers[i - 1]) {
                ids.add(blocks[numbers[i]]);
            }
        }
        return ids;
    }

    /** The file as its layout here describes it: only the row groups this page's labels need. Parsed once. */
    ParquetFile layout(int file, String fileName) throws ParquetFormatException {
        synchronized (parsed) {
            if (parsed[file] == null) {
                parsed[file] = ParquetFile.ofLayout(fileName, files[file].layout(), files[file].bytes());
            }
            return parsed[file];
        }
    }

    /** Whether the chunk may have a point inside the filter's box (always, in a page without bounds). */
    boolean mayIntersect(int chunk, BoxFilter filter) {
        return bounds == null || bounds.mayIntersect(chunk, filter);
    }

    static byte[] encode(long[] labels, int[] firstChunk, int[] chunkBlock, int[] chunkFile, long[] chunkRow,
            int[] chunkCount, String[] blocks, PageFile[] files, ChunkBounds bounds) {
        ByteWriter out = new ByteWriter();
        out.varint(labels.length);
        out.varint(files.length);
        for (PageFile file : files) {
            out.varint(file.id()).string(file.path()).varint(file.bytes()).bytes(file.layout());
        }
        out.varint(blocks.length);
        for (String block : blocks) {
            out.string(block);
        }
        // Each field in a run of its own: zstd compresses runs of like numbers better than rows of mixed ones.
        int bounded = 0;
        for (int entry = 0; entry < labels.length; entry++) {
            if (entry == 0) {
                out.fixed64(labels[0]);
            } else {
                out.unsignedVarint(labels[entry] - labels[entry - 1]);
            }
        }
        for (int entry = 0; entry < labels.length; entry++) {
            int chunks = firstChunk[entry + 1] - firstChunk[entry];
            out.varint(chunks);
            bounded += chunks >= BOUNDED_LABEL_CHUNKS ? chunks : 0;
        }
        int chunkTotal = firstChunk[labels.length];
        for (int c = 0; c < chunkTotal; c++) {
            out.varint(chunkBlock[c]);
        }
        for (int c = 0; c < chunkTotal; c++) {
            out.varint(chunkFile[c]);
        }
        long[] fileEnds = new long[files.length];
        Arrays.fill(fileEnds, -1);
        for (int entry = 0; entry < labels.length; entry++) {
            for (int c = firstChunk[entry]; c < firstChunk[entry + 1]; c++) {
                long end = fileEnds[chunkFile[c]];
                if (end > chunkRow[c]) {
                    throw new IllegalStateException("part file " + files[chunkFile[c]].path() + " is not sorted by"
                            + " label: the rows of label " + Long.toUnsignedString(labels[entry]) + " start at "
                            + chunkRow[c] + ", before row " + end + " where an earlier label's end");
                }
                out.varint(end < 0 ? chunkRow[c] : chunkRow[c] - end);
                fileEnds[chunkFile[c]] = chunkRow[c] + chunkCount[c];
            }
        }
        for (int c = 0; c < chunkTotal; c++) {
            out.varint(chunkCount[c]);
        }
        int columns = bounds.columns();
        ChunkBounds kept = ChunkBounds.allocate(bounded, columns);
        int next = 0;
        for (int entry = 0; entry < labels.length; entry++) {
            int chunks = firstChunk[entry + 1] - firstChunk[entry];
            if (chunks >= BOUNDED_LABEL_CHUNKS) {
                System.arraycopy(bounds.min(), firstChunk[entry] * columns, kept.min(), next * columns,
                        chunks * columns);
                System.arraycopy(bounds.max(), firstChunk[entry] * columns, kept.max(), next * columns,
                        chunks * columns);
                next += chunks;
            }
        }
        kept.encode(out);
        return out.toByteArray();
    }

    /**
     * Decodes a page, checking every number against what the page holds.
     *
     * @throws ByteReader.CorruptRecordException if the bytes are not a page
     */
    static LabelPage decode(byte[] bytes, int version, int boundColumns) throws ByteReader.CorruptRecordException {
        ByteReader in = new ByteReader(bytes, 0, bytes.length);
        int labelCount = in.itemCount("label count");
        PageFile[] files = new PageFile[in.itemCount("file count")];
        for (int f = 0; f < files.length; f++) {
            files[f] = new PageFile(in.count("file id"), in.string("file path"), in.varint("file size"),
                    in.bytes("file layout"));
        }
        String[] blocks = new String[in.itemCount("block count")];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = in.string("block id");
        }
        long[] labels = new long[labelCount];
        int[] firstChunk = new int[labelCount + 1];
        ChunkArrays chunks = version >= 3 ? decodeColumns(in, labels, firstChunk, files.length, blocks.length)
                : decodeRows(in, labels, firstChunk, files.length, blocks.length);
        int bounded = 0;
        for (int entry = 0; entry < labelCount; entry++) {
            int count = firstChunk[entry + 1] - firstChunk[entry];
            bounded += count >= BOUNDED_LABEL_CHUNKS ? count : 0;
        }
        ChunkBounds bounds = boundColumns == 0 ? null
                : version >= 3 ? expand(ChunkBounds.decode(in, bounded, boundColumns), firstChunk, chunks.size)
                : ChunkBounds.decode(in, chunks.size, boundColumns);
        if (in.remaining() != 0) {
            throw new ByteReader.CorruptRecordException(in.remaining() + " bytes follow its last label");
        }
        return new LabelPage(labels, firstChunk, Arrays.copyOf(chunks.block, chunks.size),
                Arrays.copyOf(chunks.file, chunks.size), Arrays.copyOf(chunks.row, chunks.size),
                Arrays.copyOf(chunks.count, chunks.size), blocks, files, bounds, bytes.length);
    }

    /** Reads the label at {@code entry}: the first as 8 bytes, the others as the step from the one before. */
    private static void readLabel(ByteReader in, long[] labels, int entry) throws ByteReader.CorruptRecordException {
        if (entry == 0) {
            labels[0] = in.fixed64("first label");
            return;
        }
        long step = in.unsignedVarint("label step");
        if (step == 0 || Long.compareUnsigned(labels[entry - 1] + step, labels[entry - 1]) <= 0) {
            throw new ByteReader.CorruptRecordException("its labels are not strictly increasing at entry " + entry);
        }
        labels[entry] = labels[entry - 1] + step;
    }

    private static int readChunkCount(ByteReader in, int entry) throws ByteReader.CorruptRecordException {
        int count = in.itemCount("chunk count");
        if (count == 0) {
            throw new ByteReader.CorruptRecordException("label entry " + entry + " has no chunk");
        }
        return count;
    }

    /** Checks a chunk's numbers against what the page holds. */
    private static void checkChunk(int chunk, int block, int blocks, int file, int files, long points)
            throws ByteReader.CorruptRecordException {
        if (block >= blocks || file >= files || points == 0 || points > Integer.MAX_VALUE) {
            throw new ByteReader.CorruptRecordException("chunk " + chunk + " names block " + block + " of " + blocks
                    + ", file " + file + " of " + files + " and " + points + " points");
        }
    }

    /** A chunk's first row from its stored value and the end of the chunk it continues (-1: none). */
    private static long firstRow(int chunk, long stored, long end, long points)
            throws ByteReader.CorruptRecordException {
        long first = end < 0 ? stored : end + stored;
        if (first < 0 || first > Long.MAX_VALUE - points) {
            throw new ByteReader.CorruptRecordException("chunk " + chunk + " starts at row "
                    + Long.toUnsignedString(first));
        }
        return first;
    }

    /** Version 3: the labels, then their chunk counts, then each field of every chunk in a run of its own. */
    private static ChunkArrays decodeColumns(ByteReader in, long[] labels, int[] firstChunk, int files, int blocks)
            throws ByteReader.CorruptRecordException {
        for (int entry = 0; entry < labels.length; entry++) {
            readLabel(in, labels, entry);
        }
        int total = 0;
        for (int entry = 0; entry < labels.length; entry++) {
            firstChunk[entry] = total;
            total += readChunkCount(in, entry);
            // Each chunk takes at least four bytes: a count beyond them is corrupt, not an allocation to make.
            if (total > in.remaining() / 4) {
                throw new ByteReader.CorruptRecordException("its labels claim " + total + " chunks in "
                        + in.remaining() + " bytes");
            }
        }
        firstChunk[labels.length] = total;
        ChunkArrays chunks = new ChunkArrays(total);
        for (int c = 0; c < total; c++) {
            chunks.block[c] = in.count("block number");
        }
        for (int c = 0; c < total; c++) {
            chunks.file[c] = in.count("file number");
        }
        for (int c = 0; c < total; c++) {
            chunks.row[c] = in.varint("first row");
        }
        long[] fileEnds = new long[files];
        Arrays.fill(fileEnds, -1);
        for (int c = 0; c < total; c++) {
            long points = in.varint("point count");
            checkChunk(c, chunks.block[c], blocks, chunks.file[c], files, points);
            chunks.row[c] = firstRow(c, chunks.row[c], fileEnds[chunks.file[c]], points);
            chunks.count[c] = (int) points;
            fileEnds[chunks.file[c]] = chunks.row[c] + points;
        }
        chunks.size = total;
        return chunks;
    }

    /** Versions 1 and 2: per label, the label, its chunk count and its chunks' fields. */
    private static ChunkArrays decodeRows(ByteReader in, long[] labels, int[] firstChunk, int files, int blocks)
            throws ByteReader.CorruptRecordException {
        ChunkArrays chunks = new ChunkArrays(64);
        for (int entry = 0; entry < labels.length; entry++) {
            readLabel(in, labels, entry);
            int count = readChunkCount(in, entry);
            firstChunk[entry] = chunks.size;
            for (int c = 0; c < count; c++) {
                int block = in.count("block number");
                int file = in.count("file number");
                long row = in.varint("first row");
                long points = in.varint("point count");
                checkChunk(chunks.size, block, blocks, file, files, points);
                boolean follows = c > 0 && chunks.file[chunks.size - 1] == file;
                long end = follows ? chunks.row[chunks.size - 1] + chunks.count[chunks.size - 1] : -1;
                chunks.add(block, file, firstRow(chunks.size, row, end, points), (int) points);
            }
        }
        firstChunk[labels.length] = chunks.size;
        return chunks;
    }

    /** The bounds of every chunk from those kept for labels of many chunks; the others' are NaN. */
    private static ChunkBounds expand(ChunkBounds kept, int[] firstChunk, int chunks) {
        int columns = kept.columns();
        ChunkBounds all = ChunkBounds.allocate(chunks, columns);
        Arrays.fill(all.min(), Double.NaN);
        Arrays.fill(all.max(), Double.NaN);
        int next = 0;
        for (int entry = 0; entry + 1 < firstChunk.length; entry++) {
            int count = firstChunk[entry + 1] - firstChunk[entry];
            if (count >= BOUNDED_LABEL_CHUNKS) {
                System.arraycopy(kept.min(), next * columns, all.min(), firstChunk[entry] * columns, count * columns);
                System.arraycopy(kept.max(), next * columns, all.max(), firstChunk[entry] * columns, count * columns);
                next += count;
            }
        }
        return all;
    }

    /** Growing chunk columns while a page is decoded. */
    private static final class ChunkArrays {
        int size;
        int[] block;
        int[] file;
        long[] row;
        int[] count;

        ChunkArrays(int capacity) {
            block = new int[capacity];
            file = new int[capacity];
            row = new long[capacity];
            count = new int[capacity];
        }

        void add(int blockNumber, int fileNumber, long firstRow, int points) {
            if (size == row.length) {
                block = Arrays.copyOf(block, size * 2);
                file = Arrays.copyOf(file, size * 2);
                row = Arrays.copyOf(row, size * 2);
                count = Arrays.copyOf(count, size * 2);
            }
            block[size] = blockNumber;
            file[size] = fileNumber;
            row[size] = firstRow;
            count[size] = points;
            size++;
        }
    }
}
