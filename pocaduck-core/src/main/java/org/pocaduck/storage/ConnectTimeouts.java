package org.pocaduck.storage;

import java.time.Duration;
import org.pocaduck.StorageConfig;

/**
 * How object-store clients split {@link StorageConfig#timeout()} over their attempts, so that an endpoint that never
 * answers fails the operation within the timeout: each attempt may wait one share to connect, and the pauses between
 * attempts together take at most one more share.
 */
public final class ConnectTimeouts {
    private ConnectTimeouts() {
    }

    /** How long each of {@code attempts} may wait for a connection. */
    public static Duration perAttempt(StorageConfig config, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts " + attempts + " is not positive; expected at least 1");
        }
        return config.timeout().dividedBy(attempts + 1L);
    }
}
