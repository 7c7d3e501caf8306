package org.pocaduck.storage;

import java.io.EOFException;
import java.io.IOException;

/** The checks and messages of ranged reads, shared by every {@link ObjectStore} so that they fail alike. */
public final class ByteRange {
    private ByteRange() {
    }

    /** Rejects a negative offset or length, naming both, the key and the store. */
    public static void check(ObjectStore store, String key, long offset, int length) {
        ObjectKey.check(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("cannot read " + length + " bytes at offset " + offset + " of '" + key
                    + "' in " + store.location() + "; expected a non-negative offset and length");
        }
    }

    /**
     * The answer to a read of no bytes, which stores cannot express as a ranged request: empty when the offset is
     * within or at the end of the object, the past-end exception otherwise.
     */
    public static byte[] empty(ObjectStore store, String key, long offset) throws IOException {
        long size = store.size(key);
        if (offset > size) {
            throw pastEnd(store, key, offset, 0, size);
        }
        return new byte[0];
    }

    /** The exception for a range that extends past the end of an object of {@code size} bytes. */
    public static EOFException pastEnd(ObjectStore store, String key, long offset, int length, long size) {
        return new EOFException("cannot read " + length + " bytes at offset " + offset + " of '" + key + "' in "
                + store.location() + ": the object has " + size + " bytes");
    }
}
