package org.pocaduck.storage;

import java.io.EOFException;

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

    /** The exception for a range that extends past the end of an object of {@code size} bytes. */
    public static EOFException pastEnd(ObjectStore store, String key, long offset, int length, long size) {
        return new EOFException("cannot read " + length + " bytes at offset " + offset + " of '" + key + "' in "
                + store.location() + ": the object has " + size + " bytes");
    }
}
