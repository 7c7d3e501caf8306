package org.pocaduck.s3;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pocaduck.CrashRecoveryContract;
import org.pocaduck.StorageConfig;

/** A worker ingesting into S3 (s3proxy on 127.0.0.1) is killed mid-flush, often mid-upload, three times. */
class S3CrashRecoveryTest extends CrashRecoveryContract {
    private static final AtomicInteger DATASETS = new AtomicInteger();
    private static S3ProxyServer server;
    private static String location;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
        location = "s3://" + S3ProxyServer.BUCKET + "/crash-" + DATASETS.incrementAndGet();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected StorageConfig dataset() {
        return server.config(location);
    }

    @Override
    protected String childLocation() {
        return location;
    }

    @Override
    protected List<String> childJvmOptions() {
        return List.of("-Dpocaduck.crash.s3.endpoint=" + server.endpoint(),
                "-Dpocaduck.crash.s3.keyId=" + S3ProxyServer.ACCESS_KEY_ID,
                "-Dpocaduck.crash.s3.secret=" + S3ProxyServer.SECRET_ACCESS_KEY);
    }
}
