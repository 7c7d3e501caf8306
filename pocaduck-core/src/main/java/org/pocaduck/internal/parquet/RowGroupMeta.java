package org.pocaduck.internal.parquet;

import java.util.List;

/**
 * One row group: its rows' place in the file and one column chunk per leaf column, in schema order.
 *
 * @param firstRow the file row number of the group's first row
 */
record RowGroupMeta(long firstRow, int numRows, List<ColumnChunkMeta> chunks) {
}
