package org.pocaduck.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.pocaduck.PocaduckIOException;
import org.pocaduck.StorageConfig;
import org.pocaduck.internal.format.AtomicFiles;
import org.pocaduck.internal.format.DatasetLayout;
import org.pocaduck.internal.format.FailureReason;
import org.pocaduck.internal.format.FileTrees;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;

/**
 * The files of a dataset as the writing steps (ingest, consolidate, optimize, cleanup) use them: local files under
 * {@link #layout()}, addressed by key (a path relative to the base, '/'-separated).
 *
 * <p>For a local dataset the layout is the dataset itself and each method is a plain file operation. For a dataset
 * in an object store the layout is a private staging directory: a step {@link #pull}s the objects it reads, writes
 * files locally, and {@link #publish}es each finished file as an object. Steps publish part files before the indexes
 * that name them and indexes before the manifest that makes them current, and objects are only ever replaced whole,
 * so a reader never sees a torn state. Object stores offer no locks: where two writers could collide, the step uses
 * {@link #publishNew} or {@link #createIfAbsent}, which exactly one of them wins.
 */
public abstract class DatasetWorkspace implements Closeable {
    private final DatasetLayout layout;

    private DatasetWorkspace(DatasetLayout layout) {
        this.layout = layout;
    }

    /** The workspace of the dataset at {@code config}. */
    public static DatasetWorkspace open(StorageConfig config) throws IOException {
        if (config.isLocal()) {
            return new Local(new DatasetLayout(config.base()));
        }
        ObjectStore store = ObjectStores.open(config);
        try {
            return new InStore(store);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The workspace of the dataset at {@code config}; a failure to open it is a {@link PocaduckIOException} naming
     * {@code action} (the step, for the message) and the location.
     */
    public static DatasetWorkspace open(StorageConfig config, String action) {
        Objects.requireNonNull(config, "config");
        try {
            return open(config);
        } catch (IOException e) {
            throw failure(config, action, e);
        }
    }

    /** One step that needs the dataset's files for its duration. */
    public interface Step<T> {
        T run(DatasetWorkspace workspace) throws IOException;
    }

    /** Runs {@code step} in the workspace of the dataset at {@code config}, then removes the workspace. */
    public static <T> T run(StorageConfig config, String action, Step<T> step) {
        try (DatasetWorkspace workspace = open(config, action)) {
            return step.run(workspace);
        } catch (IOException e) {
            throw failure(config, action, e);
        }
    }

    private static PocaduckIOException failure(StorageConfig config, String action, IOException e) {
        return new PocaduckIOException("cannot " + action + " in " + config.location() + ": " + FailureReason.of(e), e);
    }

    /** Where the local copies of the dataset's files are. */
    public DatasetLayout layout() {
        return layout;
    }

    /** Where the dataset is, for messages. */
    public abstract String location();

    /** Whether the dataset's files are the local files themselves (so OS file locks protect them). */
    public abstract boolean isLocal();

    /** Brings the current content of {@code key} to its local path; false (and no local file) when it is missing. */
    public abstract boolean pull(String key) throws IOException;

    /** Whether the dataset has a file {@code key}. */
    public abstract boolean exists(String key) throws IOException;

    /** The keys of the dataset's files under {@code prefix} (ending with '/'), at any depth, sorted. */
    public abstract List<String> list(String prefix) throws IOException;

    /**
     * Makes the finished file {@code temp} the dataset's file {@code key}, replacing any previous one whole. A part
     * file ({@code .parquet}) is not kept locally afterwards: no writing step reads one back through the workspace.
     */
    public abstract void publish(Path temp, String key) throws IOException;

    /** Like {@link #publish}, but only if {@code key} does not exist; false (and {@code temp} deleted) otherwise. */
    public abstract boolean publishNew(Path temp, String key) throws IOException;

    /** Sends the local file of {@code key}, changed in place, to the dataset (nothing to do for a local dataset). */
    public abstract void push(String key) throws IOException;

    /** Writes a small file whole, replacing any previous one. */
    public abstract void write(String key, byte[] content) throws IOException;

    /** Writes a small file only if it does not exist; false when it did, and its content is then pulled. */
    public abstract boolean createIfAbsent(String key, byte[] content) throws IOException;

    /** Deletes a file; deleting a missing file is not an error. */
    public abstract void delete(String key) throws IOException;

    /** The dataset's size of {@code key} in bytes. */
    public abstract long size(String key) throws IOException;

    /** The dataset's files for reading part files, open until this workspace is closed. */
    public abstract DatasetFiles files() throws IOException;

    /** The local path of {@code key}. */
    public Path local(String key) {
        return layout.resolve(key);
    }

    /** A file's name: the last segment of its key. */
    public static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** Writes text whole, replacing any previous file. */
    public void writeText(String key, String text) throws IOException {
        write(key, text.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Local extends DatasetWorkspace {
        private final DatasetFiles files;

        Local(DatasetLayout layout) {
            super(layout);
            this.files = DatasetFiles.local(layout.base());
        }

        @Override
        public String location() {
            return layout().base().toString();
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public boolean pull(String key) {
            return Files.isRegularFile(local(key));
        }

        @Override
        public boolean exists(String key) {
            return Files.isRegularFile(local(key));
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return files.list(prefix);
        }

        @Override
        public void publish(Path temp, String key) throws IOException {
            AtomicFiles.publish(temp, local(key));
        }

        @Override
        public boolean publishNew(Path temp, String key) throws IOException {
            return AtomicFiles.publishIfAbsent(temp, local(key));
        }

        @Override
        public void push(String key) {
        }

        @Override
        public void write(String key, byte[] content) throws IOException {
            Files.createDirectories(local(key).getParent());
            AtomicFiles.write(local(key), content);
        }

        @Override
        public boolean createIfAbsent(String key, byte[] content) throws IOException {
            Files.createDirectories(local(key).getParent());
            return AtomicFiles.createIfAbsent(local(key), content);
        }

        @Override
        public void delete(String key) throws IOException {
            Files.deleteIfExists(local(key));
        }

        @Override
        public long size(String key) throws IOException {
            return Files.size(local(key));
        }

        @Override
        public DatasetFiles files() {
            return files;
        }

        @Override
        public void close() {
        }
    }

    private static final class InStore extends DatasetWorkspace {
        private final ObjectStore store;
        private DatasetFiles files;

        InStore(ObjectStore store) throws IOException {
            super(new DatasetLayout(Files.createTempDirectory("pocaduck-staging-"), store.location()));
            this.store = store;
        }

        @Override
        public String location() {
            return store.location();
        }

        @Override
        public boolean isLocal() {
            return false;
        }

        @Override
        public boolean pull(String key) throws IOException {
            Files.createDirectories(local(key).getParent());
            try {
                store.download(key, local(key));
                return true;
            } catch (NoSuchFileException e) {
                Files.deleteIfExists(local(key));
                return false;
            }
        }

        @Override
        public boolean exists(String key) throws IOException {
            return store.exists(key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return store.list(prefix).stream().map(object -> object.key()).toList();
        }

        @Override
        public void publish(Path temp, String key) throws IOException {
            store.upload(key, temp);
            keepOrDrop(temp, key);
        }

        @Override
        public boolean publishNew(Path temp, String key) throws IOException {
            boolean created = store.uploadIfAbsent(key, temp);
            if (created) {
                keepOrDrop(temp, key);
            } else {
                Files.delete(temp);
            }
            return created;
        }

        private void keepOrDrop(Path temp, String key) throws IOException {
            if (key.endsWith(".parquet")) {
                Files.delete(temp);
            } else {
                Files.createDirectories(local(key).getParent());
                if (!temp.equals(local(key))) {
                    Files.move(temp, local(key), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }

        @Override
        public void push(String key) throws IOException {
            store.upload(key, local(key));
        }

        @Override
        public void write(String key, byte[] content) throws IOException {
            store.write(key, content);
            Files.createDirectories(local(key).getParent());
            Files.write(local(key), content);
        }

        @Override
        public boolean createIfAbsent(String key, byte[] content) throws IOException {
            if (store.createIfAbsent(key, content)) {
                Files.createDirectories(local(key).getParent());
                Files.write(local(key), content);
                return true;
            }
            pull(key);
            return false;
        }

        @Override
        public void delete(String key) throws IOException {
            store.delete(key);
            Files.deleteIfExists(local(key));
        }

        @Override
        public long size(String key) throws IOException {
            return store.size(key);
        }

        @Override
        public synchronized DatasetFiles files() throws IOException {
            if (files == null) {
                files = DatasetFiles.inStore(store);
            }
            return files;
        }

        @Override
        public void close() throws IOException {
            try {
                if (files != null) {
                    files.close();
                }
                FileTrees.deleteTree(layout().base());
            } finally {
                store.close();
            }
        }
    }
}
