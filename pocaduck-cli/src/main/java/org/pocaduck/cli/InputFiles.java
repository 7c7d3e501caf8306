package org.pocaduck.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/** The files an ingest reads: globs expanded, extensions checked, and the DuckDB connection that reads them. */
final class InputFiles {

    /**
     * What DuckDB may use to read the inputs by default. Reading streams in file order with no sort, so this is a
     * guard, not a need; beyond it DuckDB spills to a temporary directory instead of growing the process.
     */
    static final long DEFAULT_READER_MEMORY = 512L << 20;

    private InputFiles() {
    }

    /**
     * The files named by {@code arguments}, in order: a plain path as it is, a glob (a last path element with
     * {@code *}, {@code ?} or {@code [...]}, as a quoted shell argument arrives) as its matches in name order.
     */
    static List<Path> expand(List<String> arguments) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            String name = path.getFileName() == null ? "" : path.getFileName().toString();
            if (!name.matches(".*[*?\\[].*")) {
                files.add(checked(path));
                continue;
            }
            Path directory = path.getParent() == null ? Path.of(".") : path.getParent();
            List<Path> matches = new ArrayList<>();
            if (Files.isDirectory(directory)) {
                try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, name)) {
                    stream.forEach(matches::add);
                }
            }
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("input " + argument + " matches no file");
            }
            matches.sort(null);
            for (Path match : matches) {
                files.add(checked(match));
            }
        }
        return files;
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!List.of("csv", "parquet", "npy", "npz").contains(extension)) {
            throw new IllegalArgumentException("input file " + file
                    + " has an unknown extension; expected .csv, .parquet, .npy or .npz");
        }
        return extension;
    }

    /**
     * An in-memory DuckDB that reads the inputs within {@code memoryBytes}, spilling to {@code spill}. A streaming
     * connection hands over a result batch by batch; without streaming the driver materializes the whole result
     * first, but only then does a failed query keep DuckDB's message (a streaming one says "Invalid result set").
     */
    static Connection reader(long memoryBytes, Path spill, boolean streaming) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, Boolean.toString(streaming));
        Connection duck = DriverManager.getConnection("jdbc:duckdb:", properties);
        try (Statement settings = duck.createStatement()) {
            // A number and a directory this process created; DuckDB does not bind SET values.
            settings.execute("SET memory_limit = '" + memoryBytes + "B'");
            settings.execute("SET temp_directory = '" + spill.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            duck.close();
            throw e;
        }
        return duck;
    }

    private static Path checked(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("input file " + file + " does not exist or is not a file");
        }
        extension(file);
        return file;
    }
}
