package org.pocaduck.internal.parquet;

import java.util.List;

/** The parts of a Parquet footer ({@code FileMetaData}) this reader uses. */
record FileMetadata(long numRows, List<ColumnDescriptor> columns, List<RowGroupMeta> rowGroups) {
}
