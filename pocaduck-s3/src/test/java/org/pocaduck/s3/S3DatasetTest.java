package org.pocaduck.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pocaduck.DatasetInStoreContract;
import org.pocaduck.Ingestor;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.Query;
import org.pocaduck.StorageConfig;

/** Every step of a dataset in S3, against s3proxy on 127.0.0.1 through a custom endpoint with path-style access. */
class S3DatasetTest extends DatasetInStoreContract {
    private static final AtomicInteger DATASETS = new AtomicInteger();
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected StorageConfig newLocation() {
        return server.config("s3://" + S3ProxyServer.BUCKET + "/datasets/ds-" + DATASETS.incrementAndGet());
    }

    /**
     * The server goes away mid-ingest: the flush reports it (naming the dataset, not the secret), nothing torn is
     * visible, everything flushed before is there, and the worker resumes once the server is back.
     */
    @Test
    void aServerThatStopsMidIngestFailsTheFlushAndKeepsEverythingFlushed() throws Exception {
        try (S3ProxyServer failing = new S3ProxyServer()) {
            StorageConfig config = failing.config("s3://" + S3ProxyServer.BUCKET + "/faulty");
            Ingestor worker = Ingestor.open(config, "w");
            worker.write(1, "a", new long[][] {{1, 1, 1}, {2, 2, 2}});
            worker.flush();
            worker.write(1, "b", new long[][] {{3, 3, 3}});
            worker.write(2, "b", new long[][] {{4, 4, 4}});
            worker.flush();

            failing.stop();
            worker.write(1, "c", new long[][] {{5, 5, 5}});
            assertThatThrownBy(worker::flush).isInstanceOf(PocaduckIOException.class)
                    .hasMessageContainingAll("'w'", config.location())
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(S3ProxyServer.SECRET_ACCESS_KEY));
            assertThatThrownBy(worker::close).isInstanceOf(PocaduckIOException.class);
            failing.start();

            Ingestor.consolidateIndexes(config);
            try (Query query = Query.open(config)) {
                assertThat(query.getPointCount(1)).isEqualTo(3);
                assertThat(query.getPointCount(2)).isEqualTo(1);
                assertThat(query.verify()).isEmpty();
            }
            try (Ingestor restarted = Ingestor.open(config, "w")) {
                restarted.write(1, "c", new long[][] {{5, 5, 5}});
            }
            Ingestor.consolidateIndexes(config);
            try (Query query = Query.open(config)) {
                assertThat(query.getPointCount(1)).isEqualTo(4);
                assertThat(query.getBlocksForLabel(1)).containsExactly("a", "b", "c");
                assertThat(query.verify()).isEmpty();
            }
        }
    }
}
