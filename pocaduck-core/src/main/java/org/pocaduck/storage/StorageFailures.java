package org.pocaduck.storage;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.pocaduck.StorageConfig;

/**
 * The exceptions every {@link ObjectStore} throws, so that they read alike whatever the store: a missing object names
 * the store's location and the key; any other failure names the operation too. Secrets never get through: messages
 * from a client are redacted, and a client exception is kept as the cause only when nothing in its chain carries a
 * secret of the configuration.
 */
public final class StorageFailures {
    private StorageFailures() {
    }

    /** No object of {@code key} exists in the store at {@code location}. */
    public static NoSuchFileException notFound(String location, String key) {
        return new NoSuchFileException(location + "/" + key, null, "no such object");
    }

    /**
     * The operation on {@code key} (or a key prefix) failed for {@code cause}, whose message is included once
     * redacted.
     */
    public static IOException failure(StorageConfig config, String operation, String key, Exception cause) {
        String message = "cannot " + operation + " '" + key + "' in " + config.location() + ": "
                + config.redact(String.valueOf(cause.getMessage()));
        return new IOException(message, carriesSecret(config, cause) ? null : cause);
    }

    private static boolean carriesSecret(StorageConfig config, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String text = String.valueOf(t);
            if (!config.redact(text).equals(text)) {
                return true;
            }
        }
        return false;
    }
}
