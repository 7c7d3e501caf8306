package org.pocaduck.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.pocaduck.PocaduckException;
import org.pocaduck.StorageConfig;
import org.pocaduck.internal.format.ScratchDirectory;
import org.pocaduck.internal.parquet.ByteSource;
import org.pocaduck.internal.parquet.LocalFileSource;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;

/**
 * The files of a dataset as a reader needs them, by key (a path relative to the base, '/'-separated): small files as
 * text, DuckDB index files as local files (DuckDB needs them), part files as ranged byte sources. Everything goes
 * through the dataset's {@link ObjectStore}; where the store keeps its objects as local files
 * ({@link ObjectStore#localDirectory()}, a local dataset) those are used in place: index files are opened where
 * they are and part files read through a file channel. Otherwise index files are downloaded once into a private
 * cache directory removed on {@link #close()}, and part files are read range by range — never downloaded whole.
 */
public final class DatasetFiles implements Closeable {
    private final ObjectStore store;
    private final boolean ownsStore;
    /** The store's own files, when it has them. */
    private final Path directory;
    private final ConcurrentHashMap<String, Path> downloaded = new ConcurrentHashMap<>();
    /** Sizes of objects opened: objects never change, and a part file is opened for every read. */
    private final ConcurrentHashMap<String, Long> sizes = new ConcurrentHashMap<>();
    /** Where downloads go, created by the first one. */
    private ScratchDirectory cache;

    private DatasetFiles(ObjectStore store, boolean ownsStore) {
        this.store = store;
        this.ownsStore = ownsStore;
        this.directory = store.localDirectory().orElse(null);
    }

    /** The files of the dataset at {@code config}. */
    public static DatasetFiles open(StorageConfig config) throws IOException {
        return new DatasetFiles(ObjectStores.open(config), true);
    }

    /** The files of the dataset in {@code store}, which stays open when these are closed. */
    static DatasetFiles of(ObjectStore store) {
        return new DatasetFiles(store, false);
    }

    /** Where the dataset is, for messages. */
    public String location() {
        return store.location();
    }

    /**
     * The file's text, or empty when it does not exist. Bytes that are not UTF-8 are an error (as for
     * {@link Files#readString}), never replaced: the text is a manifest or plan that must be read as written.
     */
    public Optional<String> readText(String key) throws IOException {
        byte[] bytes;
        try {
            bytes = store.read(checked(key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
    }

    /** A local file holding the file's bytes: the store's own file, or a copy downloaded once. */
    public Path local(String key) throws IOException {
        if (directory != null) {
            return directory.resolve(checked(key));
        }
        Path existing = downloaded.get(checked(key));
        if (existing != null) {
            return existing;
        }
        synchronized (downloaded) {
            Path copy = downloaded.get(key);
            if (copy == null) {
                if (cache == null) {
                    cache = ScratchDirectory.create("cache");
                }
                copy = cache.path().resolve(key);
                Files.createDirectories(copy.getParent());
                store.download(key, copy);
                downloaded.put(key, copy);
            }
            return copy;
        }
    }

    /** The file's bytes, read in ranges; the caller closes it. */
    public ByteSource open(String key) throws IOException {
        if (directory != null) {
            return new LocalFileSource(directory.resolve(checked(key)));
        }
        Long size = sizes.get(checked(key));
        if (size == null) {
            size = store.size(key);
            sizes.put(key, size);
        }
        return new StoreSource(store, key, size);
    }

    /**
     * The bytes of a file whose size an index recorded, read in ranges; the caller closes it. In an object store this
     * spares the size lookup (one request) that {@link #open(String)} needs for a file it has not opened before.
     */
    public ByteSource open(String key, long size) throws IOException {
        if (directory != null) {
            return open(key);
        }
        sizes.putIfAbsent(checked(key), size);
        return new StoreSource(store, key, sizes.get(key));
    }

    /** The file's size, or empty when it does not exist. */
    public OptionalLong size(String key) throws IOException {
        try {
            return OptionalLong.of(store.size(checked(key)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    /** The keys of the files directly or indirectly under {@code prefix} (ending with '/'). */
    public List<String> list(String prefix) throws IOException {
        return store.list(prefix).stream().map(ObjectInfo::key).toList();
    }

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

    @Override
    public void close() throws IOException {
        try {
            synchronized (downloaded) {
                if (cache != null) {
                    cache.close();
                }
            }
        } finally {
            if (ownsStore) {
                store.close();
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
