package org.pocaduck;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a dataset lives. Local storage is built in: {@code StorageConfig.local(Path.of("/data/pc"))} or
 * {@code StorageConfig.of("/data/pc")} / {@code StorageConfig.of("file:///data/pc")}.
 * Immutable; {@link #toString()} shows only the location.
 */
public final class StorageConfig {
    private static final Map<String, String> CLOUD_MODULES = Map.of(
            "s3", "pocaduck-s3", "gs", "pocaduck-gcs", "az", "pocaduck-azure", "abfs", "pocaduck-azure",
            "abfss", "pocaduck-azure");

    private final Path base;

    private StorageConfig(Path base) {
        this.base = base;
    }

    /** A dataset in a local directory (created on the first write if it does not exist). */
    public static StorageConfig local(Path base) {
        Objects.requireNonNull(base, "base");
        return new StorageConfig(base.toAbsolutePath().normalize());
    }

    /** A dataset named by a local path or a {@code file:} URI. */
    public static StorageConfig of(String base) {
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("base location is " + (base == null ? "null" : "blank")
                    + "; expected a local path or a file: URI");
        }
        int colon = base.indexOf("://");
        if (colon > 0) {
            String scheme = base.substring(0, colon).toLowerCase(Locale.ROOT);
            String module = CLOUD_MODULES.get(scheme);
            if (module != null) {
                throw new IllegalArgumentException("base location '" + base + "' uses " + scheme
                        + "://, which needs the " + module + " module on the class path");
            }
            if (!scheme.equals("file")) {
                throw new IllegalArgumentException("base location '" + base + "' has unsupported scheme '" + scheme
                        + "'; expected a local path or a file: URI");
            }
        }
        try {
            return local(base.startsWith("file:") ? Path.of(URI.create(base)) : Path.of(base));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base location '" + base + "' is not a valid path or file: URI: "
                    + e.getMessage(), e);
        }
    }

    /** The dataset's local directory. */
    public Path base() {
        return base;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StorageConfig config && config.base.equals(base);
    }

    @Override
    public int hashCode() {
        return base.hashCode();
    }

    @Override
    public String toString() {
        return "StorageConfig[" + base.toUri() + "]";
    }
}
