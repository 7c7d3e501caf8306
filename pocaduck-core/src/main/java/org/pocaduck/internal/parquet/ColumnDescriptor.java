package org.pocaduck.internal.parquet;

import java.util.List;

/**
 * A leaf column of the file's schema.
 *
 * @param index              position among the leaves, which is also its position in each row group's chunk list
 * @param path               names from the root's child down to the leaf
 * @param maxDefinitionLevel how many optional or repeated nodes the path has: 0 means no definition levels are stored
 * @param maxRepetitionLevel how many repeated nodes the path has: only 0 (flat columns) can be read
 */
record ColumnDescriptor(int index, List<String> path, PhysicalType type, int maxDefinitionLevel,
                        int maxRepetitionLevel) {

    /** The dotted path, which for the flat schemas DuckDB writes is just the column name. */
    String name() {
        return String.join(".", path);
    }
}
