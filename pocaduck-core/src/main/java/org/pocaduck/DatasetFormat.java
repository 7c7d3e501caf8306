package org.pocaduck;

/** Which library wrote the dataset a {@link Query} reads. */
public enum DatasetFormat {
    /** This library's layout: {@code pocaduck.json}, part files and consolidated index generations. */
    POCADUCK,
    /**
     * The Python PoCADuck's blockwise layout: {@code worker_<id>/data/*.parquet} indexed by {@code unified_index.db}.
     * Read-only; convert it with {@link PythonDatasetImport}.
     */
    PYTHON,
    /**
     * The Python PoCADuck's optimized layout ({@code optimized/optimized_index.db}), which the Python library reads
     * in preference to the blockwise one when present. It holds no block ids.
     */
    PYTHON_OPTIMIZED
}
