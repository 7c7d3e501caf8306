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
 * ({@link ParquetFile#layout(List, long[], int[])}); the block count, then each block id, in UTF-8 byte order; then per
 * label: the label (the first as 8 little-endian bytes, the others as the unsigned 64-bit difference to the previous one,
 * as a varint of up to 10 bytes), its chunk
 * count and per chunk its block number, its file number in this page, its first row (for a chunk that follows another
 * of the same file, the difference to where that one ended) and its point count. A label's chunks are ordered by file
 * id, then first row; part files are sorted by label, so a label's chunks in one file are one contiguous range.
 * In label indexes of version 2, the {@link ChunkBounds} of every chunk, in that order, follow: they let a spatial
 * query skip the chunks its box cannot reach.
 */
final class LabelPage implements LabelIndex.Weighted {
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
    /** Each chunk's bounds; null in pages of label indexes written before they were kept. */
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
        for (int entry = 0; entry < labels.length; entry++) {
            if (entry == 0) {
                out.fixed64(labels[0]);
            } else {
                out.unsignedVarint(labels[entry] - labels[entry - 1]);
            }
            out.varint(firstChunk[entry + 1] - firstChunk[entry]);
            for (int c = firstChunk[entry]; c < firstChunk[entry + 1]; c++) {
                boolean follows = c > firstChunk[entry] && chunkFile[c] == chunkFile[c - 1];
                out.varint(chunkBlock[c]).varint(chunkFile[c])
                        .varint(follows ? chunkRow[c] - chunkRow[c - 1] - chunkCount[c - 1] : chunkRow[c])
                        .varint(chunkCount[c]);
            }
        }
        bounds.encode(out);
        return out.toByteArray();
    }

    /**
     * Decodes a page, checking every number against what the page holds.
     *
     * @throws ByteReader.CorruptRecordException if the bytes are not a page
     */
    static LabelPage decode(byte[] bytes, int boundColumns) throws ByteReader.CorruptRecordException {
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
        ChunkArrays chunks = new ChunkArrays();
        for (int entry = 0; entry < labelCount; entry++) {
            if (entry == 0) {
                labels[0] = in.fixed64("first label");
            } else {
                long step = in.unsignedVarint("label step");
                if (step == 0 || Long.compareUnsigned(labels[entry - 1] + step, labels[entry - 1]) <= 0) {
                    throw new ByteReader.CorruptRecordException("its labels are not strictly increasing at entry "
                            + entry);
                }
                labels[entry] = labels[entry - 1] + step;
            }
            int count = in.itemCount("chunk count");
            if (count == 0) {
                throw new ByteReader.CorruptRecordException("label entry " + entry + " has no chunk");
            }
            firstChunk[entry] = chunks.size;
            for (int c = 0; c < count; c++) {
                int block = in.count("block number");
                int file = in.count("file number");
                long row = in.varint("first row");
                long points = in.varint("point count");
                if (block >= blocks.length || file >= files.length || points == 0 || points > Integer.MAX_VALUE) {
                    throw new ByteReader.CorruptRecordException("chunk " + c + " of label entry " + entry
                            + " names block " + block + " of " + blocks.length + ", file " + file + " of "
                            + files.length + " and " + points + " points");
                }
                boolean follows = c > 0 && chunks.file[chunks.size - 1] == file;
                chunks.add(block, file, follows ? chunks.row[chunks.size - 1] + chunks.count[chunks.size - 1] + row
                        : row, (int) points);
            }
        }
        firstChunk[labelCount] = chunks.size;
        ChunkBounds bounds = boundColumns == 0 ? null : ChunkBounds.decode(in, chunks.size, boundColumns);
        if (in.remaining() != 0) {
            throw new ByteReader.CorruptRecordException(in.remaining() + " bytes follow its last label");
        }
        return new LabelPage(labels, firstChunk, Arrays.copyOf(chunks.block, chunks.size),
                Arrays.copyOf(chunks.file, chunks.size), Arrays.copyOf(chunks.row, chunks.size),
                Arrays.copyOf(chunks.count, chunks.size), blocks, files, bounds, bytes.length);
    }

    /** Growing chunk columns while a page is decoded. */
    private static final class ChunkArrays {
        int size;
        int[] block = new int[64];
        int[] file = new int[64];
        long[] row = new long[64];
        int[] count = new int[64];

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
