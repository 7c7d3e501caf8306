package org.pocaduck.internal.parquet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A file's row groups reduced to some of its columns, from which {@linkplain #layout partial layouts} of those columns
 * are cut: what a label page stores for each file it names.
 *
 * <p>It exists so that a label-index writer can keep one for every part file of a generation. A page names files at
 * random (labels are in id order, each file holds a run of blocks), so a bounded cache of whole layouts, re-read on a
 * miss, became a re-read for nearly every page once the generation's files outgrew it: a consolidation of 10^8 points
 * took 475 s instead of 7.5 s with an eighth of its files' layouts fitting. Here a row group whose chunks of the columns
 * lie end to end, each with its column's codec and one value per row (what DuckDB writes for point columns), takes 48
 * bytes with three columns: about 23 KB for a part file of 4 million points, 60 MB at 10^10 points. The checksum of a
 * group's chunks end to end is combined once, here, instead of once per page that describes the group.
 *
 * <p>Instances are immutable.
 */
public final class ColumnRowGroups {
    private final String fileName;
    private final long fileRows;
    /** The selected columns, renumbered from 0 in the order asked for. */
    private final List<ColumnDescriptor> columns;
    private final long[] firstRows;
    private final int[] rowCounts;
    /** Each column's codec, the same in every group; null when the groups are kept as records instead. */
    private final int[] codecs;
    private final long[] starts;
    /** Per group and column ({@code group * columns + column}): the chunk's compressed size. */
    private final int[] sizes;
    /** Per group and column: where the data page starts, from the chunk's start (0: no dictionary page). */
    private final int[] dataPageOffsets;
    private final int[] checksums;
    /**
     * The groups as records, when some group does not fit the arrays: chunks apart, without checksums, with another
     * codec or sizes past 2 GiB. Only datasets whose layouts were read from footers, or unusual column choices, get here.
     */
    private final RowGroupMeta[] records;

    private ColumnRowGroups(String fileName, long fileRows, List<ColumnDescriptor> columns, List<RowGroupMeta> groups) {
        this.fileName = fileName;
        this.fileRows = fileRows;
        this.columns = columns;
        int count = groups.size();
        this.firstRows = new long[count];
        this.rowCounts = new int[count];
        for (int g = 0; g < count; g++) {
            firstRows[g] = groups.get(g).firstRow();
            rowCounts[g] = groups.get(g).numRows();
        }
        if (fitArrays(groups)) {
            int width = columns.size();
            this.codecs = new int[width];
            for (int c = 0; c < width; c++) {
                codecs[c] = groups.get(0).chunks().get(c).codec();
            }
            this.starts = new long[count];
            this.sizes = new int[count * width];
            this.dataPageOffsets = new int[count * width];
            this.checksums = new int[count];
            for (int g = 0; g < count; g++) {
                RowGroupMeta group = groups.get(g);
                starts[g] = group.start();
                checksums[g] = (int) group.checksum();
                for (int c = 0; c < width; c++) {
                    ColumnChunkMeta chunk = group.chunks().get(c);
                    sizes[g * width + c] = (int) chunk.totalCompressedSize();
                    dataPageOffsets[g * width + c] = (int) (chunk.dataPageOffset() - chunk.start());
                }
            }
            this.records = null;
        } else {
            this.codecs = null;
            this.starts = null;
            this.sizes = null;
            this.dataPageOffsets = null;
            this.checksums = null;
            this.records = groups.toArray(RowGroupMeta[]::new);
        }
    }

    /**
     * The row groups of {@code metadata} that hold rows, with the chunks of {@code selected} (in that order) and the
     * checksum of those chunks end to end where they lie so.
     */
    static ColumnRowGroups of(String fileName, FileMetadata metadata, List<ColumnDescriptor> selected) {
        List<ColumnDescriptor> renumbered = new ArrayList<>(selected.size());
        for (int c = 0; c < selected.size(); c++) {
            ColumnDescriptor column = selected.get(c);
            renumbered.add(new ColumnDescriptor(c, column.path(), column.type(), column.maxDefinitionLevel(),
                    column.maxRepetitionLevel()));
        }
        List<RowGroupMeta> groups = new ArrayList<>(metadata.rowGroups().size());
        for (RowGroupMeta group : metadata.rowGroups()) {
            if (group.numRows() == 0) {
                continue;
            }
            List<ColumnChunkMeta> chunks = new ArrayList<>(selected.size());
            for (ColumnDescriptor column : selected) {
                chunks.add(group.chunks().get(column.index()));
            }
            groups.add(new RowGroupMeta(group.firstRow(), group.numRows(), List.copyOf(chunks),
                    ParquetLayout.checksumOfAll(chunks)));
        }
        return new ColumnRowGroups(fileName, metadata.numRows(), List.copyOf(renumbered), groups);
    }

    /** Whether every group fits a row-group layout (format 3) and its sizes and offsets fit an int. */
    private static boolean fitArrays(List<RowGroupMeta> groups) {
        if (!ParquetLayout.fitsRowGroupFormat(groups)) {
            return false;
        }
        for (RowGroupMeta group : groups) {
            for (ColumnChunkMeta chunk : group.chunks()) {
                if (chunk.totalCompressedSize() > Integer.MAX_VALUE) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The layout (format 3 where it fits) of the row groups that hold any row of the given ranges: a file opened from
     * it with {@link ParquetFile#ofLayout} reads those rows of these columns and refuses others.
     */
    public byte[] layout(long[] rowStarts, int[] rowCounts) {
        // Each range's groups are found by binary search and only they are visited: this runs for every file of every
        // label page, so anything that passes over all of a file's groups grows with the dataset.
        int[] wanted = new int[8];
        int wantedCount = 0;
        for (int r = 0; r < rowStarts.length; r++) {
            if (rowCounts[r] == 0) {
                continue;
            }
            long end = rowStarts[r] + rowCounts[r];
            for (int g = firstGroupEndingAfter(rowStarts[r]); g < firstRows.length && firstRows[g] < end; g++) {
                if (wantedCount == wanted.length) {
                    wanted = Arrays.copyOf(wanted, 2 * wantedCount);
                }
                wanted[wantedCount++] = g;
            }
        }
        Arrays.sort(wanted, 0, wantedCount);
        List<RowGroupMeta> groups = new ArrayList<>(wantedCount);
        for (int w = 0; w < wantedCount; w++) {
            if (w == 0 || wanted[w] != wanted[w - 1]) {
                groups.add(group(wanted[w]));
            }
        }
        return ParquetLayout.encode(new FileMetadata(fileRows, columns, List.copyOf(groups), null));
    }

    /** A number for the group holding {@code row}: groups are numbered in row order, among those that hold rows. */
    public int rowGroupContaining(long row) {
        return firstGroupEndingAfter(row);
    }

    private RowGroupMeta group(int g) {
        if (records != null) {
            return records[g];
        }
        int width = codecs.length;
        List<ColumnChunkMeta> chunks = new ArrayList<>(width);
        long chunkStart = starts[g];
        for (int c = 0; c < width; c++) {
            int dataPage = dataPageOffsets[g * width + c];
            chunks.add(new ColumnChunkMeta(codecs[c], rowCounts[g], sizes[g * width + c], chunkStart + dataPage,
                    dataPage == 0 ? -1 : chunkStart, ColumnChunkMeta.NO_CHECKSUM));
            chunkStart += sizes[g * width + c];
        }
        return new RowGroupMeta(firstRows[g], rowCounts[g], List.copyOf(chunks), checksums[g] & 0xFFFFFFFFL);
    }

    /** The first group whose rows end after {@code row}. */
    private int firstGroupEndingAfter(long row) {
        int low = 0;
        int high = firstRows.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (firstRows[middle] + rowCounts[middle] <= row) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    @Override
    public String toString() {
        return fileName + " (" + firstRows.length + " row groups of columns " + columns.stream()
                .map(ColumnDescriptor::name).toList() + ")";
    }
}
