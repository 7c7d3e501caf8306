package org.pocaduck.gcs;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.util.Set;
import org.pocaduck.StorageConfig;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStoreProvider;

/**
 * Serves the bucket {@value #BUCKET} from one in-memory Storage service ({@link LocalStorageHelper}) shared by every
 * store opened in this JVM, so that the library's own steps (which open stores by URI) run against it; every other
 * bucket goes to the real provider. Registered for the tests only; the test classes come first on the class path, so
 * {@code ServiceLoader} finds it before the real provider.
 */
public final class InMemoryGcsProvider implements ObjectStoreProvider {
    static final String BUCKET = "pocaduck-in-memory";
    private static final Storage STORAGE = LocalStorageHelper.customOptions(false).getService();

    @Override
    public Set<String> schemes() {
        return Set.of("gs");
    }

    @Override
    public ObjectStore open(StorageConfig config) throws IOException {
        // Closing a store closes the in-memory service's transport, which holds nothing: the content stays.
        return BUCKET.equals(config.bucket()) ? new GcsObjectStore(STORAGE, config)
                : new GcsObjectStoreProvider().open(config);
    }
}
