package org.pocaduck.storage;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.pocaduck.StorageConfig;

/**
 * Opens the {@link ObjectStore} of a {@link StorageConfig}: a {@link LocalObjectStore} for local datasets, otherwise
 * the store of the {@link ObjectStoreProvider} registered for the configuration's scheme by a vendor module on the
 * class path.
 */
public final class ObjectStores {
    private static final Map<String, String> MODULES = Map.of(
            "s3", "pocaduck-s3", "gs", "pocaduck-gcs", "az", "pocaduck-azure");

    private ObjectStores() {
    }

    /**
     * Opens the store of {@code config}; the caller closes it.
     *
     * @throws IllegalArgumentException if no module on the class path handles the configuration's scheme
     * @throws IOException if the store's client cannot be created
     */
    public static ObjectStore open(StorageConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        if (config.isLocal()) {
            return new LocalObjectStore(config.base());
        }
        for (ObjectStoreProvider provider : ServiceLoader.load(ObjectStoreProvider.class)) {
            if (provider.schemes().contains(config.scheme())) {
                return provider.open(config);
            }
        }
        throw new IllegalArgumentException("base location '" + config.location() + "' uses " + config.scheme()
                + "://, which needs the " + MODULES.getOrDefault(config.scheme(), "pocaduck-" + config.scheme())
                + " module on the class path");
    }
}
