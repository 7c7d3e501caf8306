package org.pocaduck.internal.parquet;

import java.util.List;

/**
 * The parts of a Parquet footer ({@code FileMetaData}) this reader uses.
 *
 * @param tail the checksum of the file's bytes after its last column chunk (the footer, and any indexes or bloom
 *             filters before it), or null when none was recorded; only a layout of the whole file has one
 */
record FileMetadata(long numRows, List<ColumnDescriptor> columns, List<RowGroupMeta> rowGroups, TailChecksum tail) {

    /** CRC-32C of the file's bytes from {@code offset} (the end of its last column chunk) to its end. */
    record TailChecksum(long offset, long checksum) {
    }
}
