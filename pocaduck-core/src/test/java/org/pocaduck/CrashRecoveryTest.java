package org.pocaduck;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The crash recovery contract on local disk. */
class CrashRecoveryTest extends CrashRecoveryContract {
    @TempDir
    Path base;

    @Override
    protected StorageConfig dataset() {
        return StorageConfig.local(base);
    }

    @Override
    protected String childLocation() {
        return base.toString();
    }

    @Override
    protected List<String> childJvmOptions() {
        return List.of();
    }
}
