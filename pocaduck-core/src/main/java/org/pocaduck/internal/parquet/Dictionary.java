package org.pocaduck.internal.parquet;

/**
 * A column chunk's decompressed dictionary page: {@code entries} PLAIN-encoded values starting at
 * {@code bytes[offset]}.
 */
record Dictionary(byte[] bytes, int offset, int entries) {
}
