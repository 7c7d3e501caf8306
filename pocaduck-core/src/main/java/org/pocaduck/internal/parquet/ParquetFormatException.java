package org.pocaduck.internal.parquet;

import java.io.IOException;

/**
 * The bytes of a Parquet file are not what the format (or the subset this reader supports) allows. The message names
 * the file and, where it applies, the column and what was expected, so a corrupt or foreign file can be found.
 */
public final class ParquetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ParquetFormatException(String message) {
        super(message);
    }

    public ParquetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
