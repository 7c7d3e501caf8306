package org.pocaduck.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pocaduck.StorageConfig;

/**
 * An object store whose endpoint is a closed port, or a server that accepts connections and never answers, fails
 * with one {@link IOException} naming the operation and the location, once the configured timeout is spent: it does
 * not hang, and no client exception escapes unwrapped. Run by each store module.
 */
public abstract class UnreachableEndpointContract {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** A guard against hanging, far above what the timeout allows; not a measurement. */
    private static final Duration HANG = Duration.ofSeconds(60);

    /** A builder of a configuration of this store's scheme whose endpoint is {@code endpointUrl}. */
    protected abstract StorageConfig.Builder configWithEndpoint(String endpointUrl);

    @Test
    void closedPortFailsWithOneLine() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertFailsWithOneLine("http://127.0.0.1:" + port);
    }

    @Test
    void silentServerFailsWithOneLine() throws IOException {
        // The backlog accepts the connections; nothing ever reads or answers them.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertFailsWithOneLine("http://127.0.0.1:" + silent.getLocalPort());
        }
    }

    private void assertFailsWithOneLine(String endpoint) {
        StorageConfig config = configWithEndpoint(endpoint).timeout(TIMEOUT).build();
        assertTimeoutPreemptively(HANG, () -> {
            try (ObjectStore store = ObjectStores.open(config)) {
                assertThatThrownBy(() -> store.read("pocaduck.json"))
                        .isExactlyInstanceOf(IOException.class)
                        .hasMessageStartingWith("cannot read 'pocaduck.json' in " + config.location() + ": ")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "ReactiveException"));
            }
        });
    }
}
