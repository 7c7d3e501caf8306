package org.pocaduck.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.pocaduck.internal.index.DuckDb;

/**
 * The shapes in which DuckDB 2.0 and Java reported a full tmpfs (seen by {@code DiskFullTest} of the command line),
 * each reduced to the full disk and the file.
 */
class FailureReasonTest {

    @Test
    void duckDbReportsOfAFullDiskBecomeTheFileAndTheReason() {
        String file = "/data/pc/workers/w-1/index.duckdb";
        String[] reports = {
            "IO Error: Could not write file \"" + file + "\": No space left on device",
            "TransactionContext Error: Failed to commit: Could not write file \"" + file + "\": No space left on device",
            "IO Error: Checkpoint failed for database \"worker\". The database has been invalidated. Original error:"
                    + " Could not write file \"" + file + "\": No space left on device",
            "IO Error: Async write failed for range [offset=216778, size=21574]: {\"exception_type\":\"IO\","
                    + "\"exception_message\":\"Could not write file \\\"" + file + "\\\": No space left on device\","
                    + "\"errno\":\"28\"}",
        };
        for (String report : reports) {
            assertThat(FailureReason.of(new SQLException(report))).as(report)
                    .isEqualTo("no space left on device writing " + file);
        }
    }

    @Test
    void aQuotaIsNamedAsSuch() {
        assertThat(FailureReason.of(new SQLException("IO Error: Could not write file \"/q/a.parquet\": Disk quota"
                + " exceeded"))).isEqualTo("disk quota exceeded writing /q/a.parquet");
    }

    @Test
    void javaWriteErrorsNameTheirFileOnceNamed() {
        IOException bare = new IOException("No space left on device");
        assertThat(FailureReason.of(bare)).isEqualTo("no space left on device");

        IOException named = FailureReason.naming(Path.of("/data/pc/pocaduck.json.tmp"), bare);

        assertThat(named).hasCause(bare);
        assertThat(FailureReason.of(new IOException("wrapped", named)))
                .isEqualTo("no space left on device writing /data/pc/pocaduck.json.tmp");
    }

    @Test
    void aStreamedQueryThatFailsBeforeItsFirstRowSaysThatItsReasonWasLost() throws SQLException {
        try (Connection duck = DuckDb.openInMemory();
                PreparedStatement sorted = duck.prepareStatement("SELECT i FROM range(100000) t(i)"
                        + " ORDER BY CASE WHEN i = 50000 THEN error('value 50000') ELSE i END")) {
            assertThatThrownBy(() -> {
                try (ResultSet rows = sorted.executeQuery()) {
                    rows.next();
                }
            }).isInstanceOfSatisfying(SQLException.class, e -> assertThat(FailureReason.of(e))
                    .startsWith("DuckDB stopped a query and its driver gave no reason"));
        }
    }

    @Test
    void otherFailuresKeepTheirMessage() {
        AccessDeniedException denied = new AccessDeniedException("/data/pc/pocaduck.json");

        assertThat(FailureReason.naming(Path.of("/elsewhere"), denied)).isSameAs(denied);
        assertThat(FailureReason.of(new SQLException("Catalog Error: Table with name parts does not exist!")))
                .isEqualTo("Catalog Error: Table with name parts does not exist!");
    }
}
