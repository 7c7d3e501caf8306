package org.pocaduck.internal.parquet;

/**
 * Where one column's pages for one row group lie and how they are compressed.
 *
 * @param dictionaryPageOffset file offset of the dictionary page, or -1 if the chunk declares none
 * @param totalCompressedSize  bytes of all pages, headers included, from the chunk's first page on
 * @param checksum             CRC-32C of those bytes, or {@link #NO_CHECKSUM} when none was recorded (a layout read
 *                             from a footer, or stored before checksums were kept)
 */
record ColumnChunkMeta(int codec, long numValues, long totalCompressedSize, long dataPageOffset,
                       long dictionaryPageOffset, long checksum) {
    static final long NO_CHECKSUM = -1;

    /** File offset of the chunk's first page: the dictionary page if there is one, else the first data page. */
    long start() {
        // Some writers store 0 for "no dictionary page"; nothing can start at 0, where the magic number is.
        return dictionaryPageOffset > 0 && dictionaryPageOffset < dataPageOffset ? dictionaryPageOffset
                : dataPageOffset;
    }

    /** The file offset just past the chunk's last page. */
    long end() {
        return start() + totalCompressedSize;
    }

    boolean hasChecksum() {
        return checksum != NO_CHECKSUM;
    }

    ColumnChunkMeta withChecksum(long crc32c) {
        return new ColumnChunkMeta(codec, numValues, totalCompressedSize, dataPageOffset, dictionaryPageOffset, crc32c);
    }
}
