package org.pocaduck.internal.parquet;

/** Parquet's encoding ids, with names for error messages. */
final class Encoding {
    static final int PLAIN = 0;
    /** Old name of {@link #RLE_DICTIONARY} (data pages) and of PLAIN (dictionary pages); DuckDB still writes it. */
    static final int PLAIN_DICTIONARY = 2;
    static final int RLE = 3;
    static final int DELTA_BINARY_PACKED = 5;
    static final int RLE_DICTIONARY = 8;
    static final int BYTE_STREAM_SPLIT = 9;

    private static final String[] NAMES = {"PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED",
            "DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY", "RLE_DICTIONARY",
            "BYTE_STREAM_SPLIT"};

    private Encoding() {
    }

    static String name(int id) {
        return id >= 0 && id < NAMES.length ? NAMES[id] : "encoding " + id;
    }
}
