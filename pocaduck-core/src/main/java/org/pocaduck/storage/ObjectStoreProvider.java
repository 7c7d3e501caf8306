package org.pocaduck.storage;

import java.io.IOException;
import java.util.Set;
import org.pocaduck.StorageConfig;

/**
 * Opens object stores for some URI schemes. Vendor modules ({@code pocaduck-s3}, {@code pocaduck-gcs},
 * {@code pocaduck-azure}) register one in {@code META-INF/services/org.pocaduck.storage.ObjectStoreProvider};
 * {@link ObjectStores#open} finds it by {@link StorageConfig#scheme()}.
 */
public interface ObjectStoreProvider {
    /** The schemes handled, as {@link StorageConfig#scheme()} reports them, e.g. {@code s3}. */
    Set<String> schemes();

    /** Opens a store whose keys are relative to {@code config}'s bucket and prefix. */
    ObjectStore open(StorageConfig config) throws IOException;
}
