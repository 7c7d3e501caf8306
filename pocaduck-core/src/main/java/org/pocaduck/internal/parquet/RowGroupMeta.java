package org.pocaduck.internal.parquet;

import java.util.List;

/**
 * One row group: its rows' place in the file and one column chunk per leaf column, in schema order.
 *
 * @param firstRow the file row number of the group's first row
 * @param checksum CRC-32C of the bytes of all its column chunks, which then lie end to end in their order, or
 *                 {@link ColumnChunkMeta#NO_CHECKSUM}: a partial layout keeps one checksum per row group instead of
 *                 one per column chunk
 */
record RowGroupMeta(long firstRow, int numRows, List<ColumnChunkMeta> chunks, long checksum) {
    RowGroupMeta(long firstRow, int numRows, List<ColumnChunkMeta> chunks) {
        this(firstRow, numRows, chunks, ColumnChunkMeta.NO_CHECKSUM);
    }

    boolean hasChecksum() {
        return checksum != ColumnChunkMeta.NO_CHECKSUM;
    }

    /** Where its first column chunk starts (only meaningful when its chunks lie end to end). */
    long start() {
        return chunks.get(0).start();
    }

    /** The bytes of all its column chunks. */
    long compressedSize() {
        long size = 0;
        for (ColumnChunkMeta chunk : chunks) {
            size += chunk.totalCompressedSize();
        }
        return size;
    }
}
