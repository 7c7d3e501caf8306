package org.pocaduck.internal.parquet;

/**
 * Where one column's pages for one row group lie and how they are compressed.
 *
 * @param dictionaryPageOffset file offset of the dictionary page, or -1 if the chunk declares none
 * @param totalCompressedSize  bytes of all pages, headers included, from the chunk's first page on
 */
record ColumnChunkMeta(int codec, long numValues, long totalCompressedSize, long dataPageOffset,
                       long dictionaryPageOffset) {

    /** File offset of the chunk's first page: the dictionary page if there is one, else the first data page. */
    long start() {
        // Some writers store 0 for "no dictionary page"; nothing can start at 0, where the magic number is.
        return dictionaryPageOffset > 0 && dictionaryPageOffset < dataPageOffset ? dictionaryPageOffset
                : dataPageOffset;
    }
}
