package org.pocaduck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pocaduck.cli.Datasets.LABEL_42_POINTS;
import static org.pocaduck.cli.Datasets.LABEL_5_BLOCK_A;
import static org.pocaduck.cli.Datasets.LABEL_5_BLOCK_B;
import static org.pocaduck.cli.Datasets.MAX_LABEL_POINTS;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet export read back with DuckDB: unsigned labels and exact values, labels in the requested order. */
class ParquetExportTest {
    @TempDir
    Path dir;

    @Test
    void severalLabelsGoToOneParquetFileReadableByDuckDb() throws Exception {
        String base = Datasets.writeInt64(dir.resolve("pc")).base().toString();
        Path file = dir.resolve("points.parquet");

        Cli.Result result = Cli.run("points", "--base", base, "--label", "18446744073709551615", "--label", "5",
                "--label", "42", "--format", "parquet", "--output", file.toString());

        assertThat(result.exitCode()).isZero();
        List<String> rows = new ArrayList<>();
        try (var duck = DriverManager.getConnection("jdbc:duckdb:");
                var query = duck.prepareStatement("SELECT label::VARCHAR, x, y, z FROM read_parquet(?)")) {
            query.setString(1, file.toString());
            try (var rowsRead = query.executeQuery()) {
                while (rowsRead.next()) {
                    rows.add(rowsRead.getString(1) + ":" + rowsRead.getLong(2) + "," + rowsRead.getLong(3) + ","
                            + rowsRead.getLong(4));
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (long[] p : MAX_LABEL_POINTS) {
            expected.add("18446744073709551615:" + p[0] + "," + p[1] + "," + p[2]);
        }
        for (long[][] block : new long[][][] {LABEL_5_BLOCK_A, LABEL_5_BLOCK_B}) {
            for (long[] p : block) {
                expected.add("5:" + p[0] + "," + p[1] + "," + p[2]);
            }
        }
        for (long[] p : LABEL_42_POINTS) {
            expected.add("42:" + p[0] + "," + p[1] + "," + p[2]);
        }
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void parquetWithoutAnOutputFileIsAUsageError() {
        String base = Datasets.writeInt64(dir.resolve("pc")).base().toString();

        Cli.Result result = Cli.run("points", "--base", base, "--label", "5", "--format", "parquet");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("parquet needs --output");
    }
}
