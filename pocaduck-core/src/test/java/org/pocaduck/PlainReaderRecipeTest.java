package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB recipe of docs/FORMAT.md ("Reading without the library"), run as documented through plain JDBC, returns
 * exactly the points {@code Query.getPoints} returns, whatever the dataset has been through: several consolidations,
 * an orphan part of a killed worker, an uncommitted task attempt, an optimization, a late worker after it (part files
 * with and without {@code block_id}), and cleanup.
 */
class PlainReaderRecipeTest {
    private static final String DOCUMENTED_BASE = "'/data/pc'";
    private static final String DOCUMENTED_LABEL = "360287970189827102";

    @TempDir
    Path base;

    @Test
    void theDuckDbRecipeReadsExactlyTheDatasetsPointsInEveryState() throws Exception {
        String recipe = documentedRecipe();
        StorageConfig config = StorageConfig.local(base);
        Random random = new Random(23);
        long[] labels = new long[60];
        for (int l = 0; l < labels.length; l++) {
            labels[l] = l % 3 == 0 ? -1L - random.nextInt(1_000_000) : random.nextInt(1_000_000);
        }
        IngestorOptions small = IngestorOptions.defaults().withMaxPointsPerFile(400);
        try (Ingestor first = Ingestor.open(config, "w0", small); Ingestor second = Ingestor.open(config, "w1", small)) {
            write(first, labels, random, 40);
            write(second, labels, random, 40);
        }
        Ingestor.consolidateIndexes(config);
        assertRecipeAnswersLikeQuery(recipe, config, labels, "after one consolidation");

        // A worker killed between writing a part and committing it leaves a part no index names.
        Path part = base.resolve("workers/w0/part-000001.parquet");
        Files.copy(part, base.resolve("workers/w0/part-000900.parquet"));
        try (Ingestor attempt = Ingestor.open(config, "attempt-1", IngestorOptions.defaults().withCommitRequired())) {
            write(attempt, labels, random, 10);
        }
        try (Ingestor third = Ingestor.open(config, "w2", small)) {
            write(third, labels, random, 20);
        }
        Ingestor.consolidateIndexes(config);
        assertRecipeAnswersLikeQuery(recipe, config, labels, "with an orphan part and an uncommitted attempt");

        Optimizer.optimize(config);
        assertRecipeAnswersLikeQuery(recipe, config, labels, "optimized, replaced parts still on disk");

        try (Ingestor late = Ingestor.open(config, "late", small)) {
            write(late, labels, random, 15);
        }
        Ingestor.consolidateIndexes(config);
        assertRecipeAnswersLikeQuery(recipe, config, labels, "optimized plus a late worker");

        Optimizer.cleanup(config);
        assertRecipeAnswersLikeQuery(recipe, config, labels, "after cleanup");
    }

    private static void write(Ingestor ingestor, long[] labels, Random random, int writes) {
        for (int w = 0; w < writes; w++) {
            long[][] points = new long[1 + random.nextInt(30)][3];
            for (long[] point : points) {
                point[0] = random.nextInt(10_000);
                point[1] = random.nextInt(10_000);
                point[2] = random.nextInt(10_000);
            }
            ingestor.write(labels[random.nextInt(labels.length)], "b" + random.nextInt(12), points);
        }
    }

    private void assertRecipeAnswersLikeQuery(String recipe, StorageConfig config, long[] labels, String state)
            throws Exception {
        try (Query query = Query.open(config); Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            for (long label : labels) {
                String sql = recipe.replace(DOCUMENTED_BASE, "'" + base.toString().replace("'", "''") + "'")
                        .replace(DOCUMENTED_LABEL, Long.toUnsignedString(label));
                assertThat(sorted(run(duck, sql))).as("%s, label %s", state, Long.toUnsignedString(label))
                        .isDeepEqualTo(sorted(withLabel(query.getPoints(label).toLongArray(), label)));
            }
        }
    }

    /** Runs the recipe's statements one by one; the last one's rows (label, x, y, z). */
    private static long[][] run(Connection duck, String sql) throws Exception {
        String[] statements = sql.split(";");
        List<long[]> rows = new ArrayList<>();
        try (Statement statement = duck.createStatement()) {
            for (int s = 0; s < statements.length - 1; s++) {
                if (!statements[s].isBlank()) {
                    statement.execute(statements[s]);
                }
            }
            String last = statements[statements.length - 1].isBlank() ? statements[statements.length - 2]
                    : statements[statements.length - 1];
            try (ResultSet result = statement.executeQuery(last)) {
                while (result.next()) {
                    rows.add(new long[] {result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4)});
                }
            }
        }
        return rows.toArray(long[][]::new);
    }

    private static long[][] withLabel(long[][] points, long label) {
        long[][] rows = new long[points.length][];
        for (int p = 0; p < points.length; p++) {
            rows[p] = new long[] {label, points[p][0], points[p][1], points[p][2]};
        }
        return rows;
    }

    private static long[][] sorted(long[][] rows) {
        long[][] copy = rows.clone();
        Arrays.sort(copy, Comparator.comparing((long[] row) -> row, Arrays::compare));
        return copy;
    }

    /** The SQL block under "### DuckDB" in docs/FORMAT.md, found from the module directory the test runs in. */
    private static String documentedRecipe() throws Exception {
        Path format = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && format == null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/FORMAT.md"))) {
                format = dir.resolve("docs/FORMAT.md");
            }
        }
        assertThat(format).as("docs/FORMAT.md above " + Path.of("").toAbsolutePath()).isNotNull();
        Matcher block = Pattern.compile("### DuckDB\\s+```sql\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(format));
        assertThat(block.find()).as("a ```sql block under ### DuckDB in " + format).isTrue();
        String recipe = block.group(1);
        assertThat(recipe).contains(DOCUMENTED_BASE, DOCUMENTED_LABEL);
        return recipe;
    }
}
