package org.pocaduck.internal.parquet;

/**
 * The uncompressed bytes of one page, made available on demand: decoders call {@link #ensure} before touching bytes
 * below a position. DuckDB writes a row group's whole column as one page, so a read of a few rows near the start of a
 * page must not pay for decompressing all of it.
 */
abstract class PageBytes {
    private final byte[] array;
    private final int offset;
    private final int size;
    /** Bytes [0, available) of the page, at {@code array[offset...]}, hold their final contents. */
    int available;

    PageBytes(byte[] array, int offset, int size) {
        this.array = array;
        this.offset = offset;
        this.size = size;
    }

    /** A page stored without compression, already complete in {@code array}. */
    static PageBytes uncompressed(byte[] array, int offset, int size) {
        PageBytes page = new PageBytes(array, offset, size) {
            @Override
            void fill(int end) {
                throw new AssertionError("an uncompressed page is always complete");
            }
        };
        page.available = size;
        return page;
    }

    /** The array holding the page; byte {@code i} of the page is at {@code array()[offset() + i]}. */
    final byte[] array() {
        return array;
    }

    final int offset() {
        return offset;
    }

    /** The page's uncompressed length. */
    final int size() {
        return size;
    }

    /** Makes page bytes [0, end) available. */
    final void ensure(int end) throws ParquetFormatException {
        if (end > available) {
            if (end > size) {
                throw new ParquetFormatException("page data needed up to byte " + end + " of a page of " + size);
            }
            fill(end);
        }
    }

    /** Decompresses at least up to {@code end} ({@code available < end <= size}) and advances {@code available}. */
    abstract void fill(int end) throws ParquetFormatException;
}
