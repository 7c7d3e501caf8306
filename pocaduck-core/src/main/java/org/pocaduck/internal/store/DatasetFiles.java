package org.pocaduck.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.pocaduck.PocaduckException;
import org.pocaduck.StorageConfig;
import org.pocaduck.internal.format.FileTrees;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.LocalFileSource;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;

/**
 * The files of a dataset as a reader needs them, by key (a path relative to the base, '/'-separated): small files as
 * text, DuckDB index files as local files (DuckDB needs them), part files as ranged
 * byte sources. A local dataset is read in place; a dataset in an object store through its {@link ObjectStore}, with
 * index files downloaded once into a private cache directory removed on {@link #close()}, and part files read range
 * by range — never downloaded whole.
 */
public abstract class DatasetFiles implements Closeable {

    /** The files of the dataset at {@code config}. */
    public static DatasetFiles open(StorageConfig config) throws IOException {
        return config.isLocal() ? new Local(config.base()) : new InStore(ObjectStores.open(config), true);
    }

    /** The files of the dataset in {@code store}, which stays open when these are closed. */
    static DatasetFiles inStore(ObjectStore store) throws IOException {
        return new InStore(store, false);
    }

    /** The files of a local dataset. */
    public static DatasetFiles local(Path base) {
        return new Local(base);
    }

    /** Where the dataset is, for messages. */
    public abstract String location();

    /** The file's text, or empty when it does not exist. */
    public abstract Optional<String> readText(String key) throws IOException;

    /** A local file holding the file's bytes. */
    public abstract Path local(String key) throws IOException;

    /** The file's bytes, read in ranges; the caller closes it. */
    public abstract ByteSource open(String key) throws IOException;

    /**
     * The bytes of a file whose size an index recorded, read in ranges; the caller closes it. In an object store this
     * spares the size lookup (one request) that {@link #open(String)} needs for a file it has not opened before.
     */
    public ByteSource open(String key, long size) throws IOException {
        return open(key);
    }

    /** The file's size, or empty when it does not exist. */
    public abstract OptionalLong size(String key) throws IOException;

    /** The keys of the files directly or indirectly under {@code prefix} (ending with '/'). */
    public abstract List<String> list(String prefix) throws IOException;

    /** The file's full name, for messages. */
    public String describe(String key) {
        return location() + "/" + key;
    }

    /**
     * Checks a key before it is read. Keys come from the dataset's own files (manifest, indexes, label pages), so a
     * damaged or forged one must not reach a file outside the base: a key is a '/'-separated relative path without
     * empty, "." or ".." segments.
     */
    static String checked(String key) {
        boolean valid = key != null && !key.isEmpty() && !key.startsWith("/") && key.indexOf('\\') < 0
                && key.indexOf('\0') < 0;
        if (valid) {
            for (String segment : key.split("/", -1)) {
                valid &= !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
            }
        }
        if (!valid) {
            throw new PocaduckException("the dataset names the file \"" + key + "\", which is not a path inside it;"
                    + " its index or manifest is damaged");
        }
        return key;
    }

    private static final class Local extends DatasetFiles {
        private final Path base;

        Local(Path base) {
            this.base = base;
        }

        @Override
        public String location() {
            return base.toString();
        }

        @Override
        public Optional<String> readText(String key) throws IOException {
            try {
                return Optional.of(Files.readString(base.resolve(checked(key)), StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        @Override
        public Path local(String key) {
            return base.resolve(checked(key));
        }

        @Override
        public ByteSource open(String key) throws IOException {
            return new LocalFileSource(base.resolve(checked(key)));
        }

        @Override
        public OptionalLong size(String key) throws IOException {
            Path path = base.resolve(checked(key));
            return Files.isRegularFile(path) ? OptionalLong.of(Files.size(path)) : OptionalLong.empty();
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            Path directory = base.resolve(prefix);
            if (!Files.isDirectory(directory)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(directory)) {
                return files.filter(Files::isRegularFile).map(file -> base.relativize(file).toString()
                        .replace(file.getFileSystem().getSeparator(), "/")).sorted().toList();
            }
        }

        @Override
        public void close() {
        }
    }

    private static final class InStore extends DatasetFiles {
        private final ObjectStore store;
        private final boolean ownsStore;
        private final Path cache;
        private final ConcurrentHashMap<String, Path> downloaded = new ConcurrentHashMap<>();
        /** Sizes of objects opened: objects never change, and a part file is opened for every read. */
        private final ConcurrentHashMap<String, Long> sizes = new ConcurrentHashMap<>();

        InStore(ObjectStore store, boolean ownsStore) throws IOException {
            this.store = store;
            this.ownsStore = ownsStore;
            this.cache = Files.createTempDirectory("pocaduck-cache-");
        }

        @Override
        public String location() {
            return store.location();
        }

        @Override
        public Optional<String> readText(String key) throws IOException {
            try {
                return Optional.of(new String(store.read(checked(key)), StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        @Override
        public Path local(String key) throws IOException {
            Path existing = downloaded.get(checked(key));
            if (existing != null) {
                return existing;
            }
            synchronized (downloaded) {
                Path copy = downloaded.get(key);
                if (copy == null) {
                    copy = cache.resolve(key);
                    Files.createDirectories(copy.getParent());
                    store.download(key, copy);
                    downloaded.put(key, copy);
                }
                return copy;
            }
        }

        @Override
        public ByteSource open(String key) throws IOException {
            Long size = sizes.get(checked(key));
            if (size == null) {
                size = store.size(key);
                sizes.put(key, size);
            }
            return new StoreSource(store, key, size);
        }

        @Override
        public ByteSource open(String key, long size) {
            sizes.putIfAbsent(checked(key), size);
            return new StoreSource(store, key, sizes.get(key));
        }

        @Override
        public OptionalLong size(String key) throws IOException {
            try {
                return OptionalLong.of(store.size(checked(key)));
            } catch (NoSuchFileException e) {
                return OptionalLong.empty();
            }
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            List<String> keys = new ArrayList<>();
            for (ObjectInfo object : store.list(prefix)) {
                keys.add(object.key());
            }
            return keys;
        }

        @Override
        public void close() throws IOException {
            try {
                FileTrees.deleteTree(cache);
            } finally {
                if (ownsStore) {
                    store.close();
                }
            }
        }
    }

    /** One object's bytes, each read one ranged request. */
    private record StoreSource(ObjectStore store, String key, long size) implements ByteSource {
        @Override
        public ByteBuffer read(long position, int length) throws IOException {
            return ByteBuffer.wrap(store.read(key, position, length));
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return store.location() + "/" + key;
        }
    }
}
