package org.pocaduck.internal.parquet;

/** Parquet's compression codec ids; only {@link #UNCOMPRESSED} and {@link #ZSTD} are decoded. */
final class Codec {
    static final int UNCOMPRESSED = 0;
    static final int ZSTD = 6;

    private static final String[] NAMES = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};

    private Codec() {
    }

    static String name(int id) {
        return id >= 0 && id < NAMES.length ? NAMES[id] : "codec " + id;
    }
}
