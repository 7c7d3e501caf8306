package org.pocaduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.index.DuckDb;

/**
 * Every DuckDB file the library creates opens in DuckDB 1.4 and 1.5, not only in the DuckDB the library runs on: users
 * of other languages open index files with whatever DuckDB they have. A dataset is ingested by two workers,
 * consolidated, optimized into several shards and cleaned up; a late worker is added to a copy of a dataset whose
 * files are in DuckDB 2's own format ({@code testdata/pocaduck-format1}) and consolidated. Then {@link
 * OlderDuckDbReader}, in a JVM whose only DuckDB is an older driver, opens every {@code .duckdb} file of both and must
 * see what the library sees: the same tables and row counts, and the library's blocks of every label in the current
 * generation. Only the copied DuckDB 2 files may be refused, which shows the reader tells the formats apart.
 */
class OlderDuckDbTest {
    /** Where Maven copies the older drivers (see the core module's pom). */
    private static final String DRIVERS_PROPERTY = "pocaduck.olderDuckDb";

    @TempDir
    static Path temp;

    private static StorageConfig fresh;
    private static StorageConfig duckDbTwo;
    private static List<Path> duckDbTwoFiles;

    @BeforeAll
    static void writeDatasets() throws IOException {
        fresh = StoredDatasets.writeH01(temp.resolve("fresh"));
        Optimizer.optimize(fresh, OptimizerOptions.defaults().withTargetFileBytes(4096).withThreads(2));
        Optimizer.cleanup(fresh);

        Path duckDbTwoBase = UpstreamFixture.copyTree(H01Sample.DIRECTORY.resolveSibling("pocaduck-format1")
                .resolve("consolidated"), temp.resolve("duckdb2"));
        duckDbTwoFiles = duckDbFiles(duckDbTwoBase);
        duckDbTwo = StorageConfig.local(duckDbTwoBase);
        try (Ingestor late = Ingestor.open(duckDbTwo, "late")) {
            late.write(H01Sample.expected().keySet().iterator().next(), "late-block", new long[][] {{1, 2, 3, 4}});
        }
        Ingestor.consolidateIndexes(duckDbTwo);
    }

    /** The older drivers, each {@code duckdb_jdbc-<version>.jar}. */
    static List<Path> drivers() throws IOException {
        String directory = System.getProperty(DRIVERS_PROPERTY);
        if (directory == null) {
            throw new IllegalStateException("system property " + DRIVERS_PROPERTY + " is not set: expected the"
                    + " directory the core module's build copies the older DuckDB drivers to (run it with Maven)");
        }
        List<Path> drivers;
        try (Stream<Path> files = Files.list(Path.of(directory))) {
            drivers = files.filter(file -> file.getFileName().toString().matches("duckdb_jdbc-.*\\.jar")).sorted()
                    .toList();
        }
        if (drivers.isEmpty()) {
            throw new IllegalStateException("no duckdb_jdbc-<version>.jar in " + directory + ": expected the older"
                    + " DuckDB drivers the core module's build copies there");
        }
        return drivers;
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void everyFileTheLibraryCreatesOpensInTheOlderDuckDb(Path driver) throws Exception {
        Path freshBase = fresh.base();
        List<Path> freshFiles = duckDbFiles(freshBase);
        assertThat(freshFiles).as("worker, generation and shard indexes of %s", freshBase)
                .anyMatch(file -> file.startsWith(freshBase.resolve(DatasetLayout.WORKERS)))
                .anyMatch(file -> file.startsWith(freshBase.resolve(DatasetLayout.INDEX)))
                .filteredOn(file -> file.startsWith(freshBase.resolve(DatasetLayout.COMPACT))).hasSizeGreaterThan(1);
        List<Path> files = new ArrayList<>(freshFiles);
        files.addAll(duckDbFiles(duckDbTwo.base()));

        ReaderOutput output = ReaderOutput.of(driver, files);

        String jarVersion = driver.getFileName().toString().replaceAll("^duckdb_jdbc-|\\.jar$", "");
        assertThat(output.version).as("DuckDB version in the child JVM")
                .isEqualTo("v" + jarVersion.substring(0, jarVersion.lastIndexOf('.')));
        assertThat(output.refused.keySet()).as("files refused by DuckDB %s: %s", jarVersion, output.refused)
                .containsExactlyInAnyOrderElementsOf(duckDbTwoFiles.stream().map(Path::toString).toList());
        for (Path file : files) {
            if (!duckDbTwoFiles.contains(file)) {
                assertThat(output.rows.get(file.toString())).as("tables and row counts of %s", file)
                        .isEqualTo(rowsInLibrary(file));
            }
        }
        assertBlocksOfCurrentGeneration(fresh, output);
        assertBlocksOfCurrentGeneration(duckDbTwo, output);
    }

    private static void assertBlocksOfCurrentGeneration(StorageConfig config, ReaderOutput output) {
        try (Query query = Query.open(config)) {
            Path index = config.base().resolve(DatasetLayout.indexFile(query.generation()));
            Map<String, List<String>> expected = new TreeMap<>();
            for (long label : query.getLabels()) {
                expected.put(Long.toUnsignedString(label), query.getBlocksForLabel(label));
            }
            assertThat(output.blocks.get(index.toString())).as("blocks of every label in %s", index)
                    .isEqualTo(expected);
        }
    }

    /** Each table of the database file and its row count, as the library's DuckDB reads them. */
    private static Map<String, Long> rowsInLibrary(Path file) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (DuckDBConnection duck = DuckDb.openInMemory()) {
            DuckDb.attach(duck, file, "checked", true);
            List<String> tables = new ArrayList<>();
            // Read to the end first: the connection streams its results and runs one query at a time.
            try (PreparedStatement names = duck.prepareStatement("SELECT table_name FROM duckdb_tables()"
                    + " WHERE database_name = 'checked'");
                    ResultSet result = names.executeQuery()) {
                while (result.next()) {
                    tables.add(result.getString(1));
                }
            }
            for (String table : tables) {
                try (PreparedStatement count = duck.prepareStatement(
                        "SELECT count(*) FROM checked." + OlderDuckDbReader.quoted(table));
                        ResultSet result = count.executeQuery()) {
                    result.next();
                    rows.put(table, result.getLong(1));
                }
            }
        }
        return rows;
    }

    private static List<Path> duckDbFiles(Path base) throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".duckdb")).sorted().toList();
        }
    }

    /** What {@link OlderDuckDbReader} printed, by file. */
    private record ReaderOutput(String version, Map<String, Map<String, Long>> rows,
            Map<String, Map<String, List<String>>> blocks, Map<String, String> refused) {

        /**
         * Runs the reader on {@code files} in a JVM whose class path is the driver and the test classes only, so the
         * library's own DuckDB cannot be loaded there.
         */
        static ReaderOutput of(Path driver, List<Path> files) throws Exception {
            Path testClasses = Path.of(OlderDuckDbReader.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", driver + File.pathSeparator + testClasses, OlderDuckDbReader.class.getName()));
            files.forEach(file -> command.add(file.toString()));
            Path errors = Files.createTempFile(temp, "reader", ".err");
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the reader with " + driver + " did not finish within 2 minutes");
            }
            assertThat(process.exitValue()).as("exit code of the reader with %s; its errors: %s", driver,
                    Files.readString(errors)).isZero();

            String version = null;
            Map<String, Map<String, Long>> rows = new HashMap<>();
            Map<String, Map<String, List<String>>> blocks = new HashMap<>();
            Map<String, String> refused = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                String[] field = line.split("\t", -1);
                switch (field[0]) {
                    case "version" -> version = field[1];
                    case "rows" -> rows.computeIfAbsent(field[1], file -> new TreeMap<>())
                            .put(field[2], Long.parseLong(field[3]));
                    case "block" -> blocks.computeIfAbsent(field[1], file -> new TreeMap<>())
                            .computeIfAbsent(field[2], label -> new ArrayList<>()).add(field[3]);
                    case "refused" -> refused.put(field[1], field[2]);
                    default -> throw new AssertionError("unexpected line from the reader with " + driver + ": "
                            + line);
                }
            }
            return new ReaderOutput(version, rows, blocks, refused);
        }
    }
}
