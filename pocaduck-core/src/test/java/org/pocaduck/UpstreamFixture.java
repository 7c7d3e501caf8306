package org.pocaduck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The datasets the Python PoCADuck wrote from the H01 sample (the repository's testdata/upstream-v0: {@code unoptimized}
 * and {@code optimized}), copied to a new absolute path so that every read must re-root the stored paths. Shared with
 * other modules' tests through this module's test jar.
 */
public final class UpstreamFixture {
    public static final Path DIRECTORY = H01Sample.DIRECTORY.resolveSibling("upstream-v0");
    public static final String UNOPTIMIZED = "unoptimized";
    public static final String OPTIMIZED = "optimized";

    private UpstreamFixture() {
    }

    /** Copies the layout's directory to {@code target} (which must not exist) and returns it. */
    public static Path copy(String layout, Path target) throws IOException {
        return copyTree(DIRECTORY.resolve(layout), target);
    }

    /** Copies the directory {@code source} to {@code target} (which must not exist) and returns it. */
    public static Path copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
        return target;
    }

    /** Every file under {@code directory} with its size, modification time and SHA-256, one line each, sorted. */
    public static List<String> snapshot(Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted().toList()) {
                String name = directory.relativize(path).toString();
                lines.add(Files.isDirectory(path) ? name + "/"
                        : name + " " + Files.size(path) + " " + Files.getLastModifiedTime(path) + " " + sha256(path));
            }
        }
        return lines;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
