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
import org.pocaduck.internal.format.ScratchDirectory;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.ObjectStores;

/**
 * The files of a dataset as the writing steps (ingest, consolidate, optimize, cleanup) use them: local files under
 * {@link #layout()}, addressed by key (a path relative to the base, '/'-separated), kept in the dataset's
 * {@link ObjectStore}.
 *
 * <p>Where the store keeps its objects as local files ({@link ObjectStore#localDirectory()}, a local dataset), the
 * layout is that directory: the workspace works {@linkplain #inPlace() in place}, pulling and pushing are nothing to
 * do, and a finished file is published by an atomic rename. Otherwise the layout is a private staging directory,
 * removed on {@link #close()}: a step {@link #pull}s the objects it reads, writes files locally, and
 * {@link #publish}es each finished file as an object. Steps publish part files before the indexes that name them and
 * indexes before the manifest that makes them current, and objects are only ever replaced whole, so a reader never
 * sees a torn state. Object stores offer no locks: where two writers could collide, the step uses
 * {@link #publishNew} or {@link #createIfAbsent}, which exactly one of them wins.
 */
public final class DatasetWorkspace implements Closeable {
    private final ObjectStore store;
    private final DatasetLayout layout;
    /** The staging directory of a dataset in an object store; null for one on disk. */
    private final ScratchDirectory staging;
    private DatasetFiles files;

    private DatasetWorkspace(ObjectStore store) throws IOException {
        this.store = store;
        Path directory = store.localDirectory().orElse(null);
        this.staging = directory != null ? null : ScratchDirectory.create("staging");
        this.layout = new DatasetLayout(directory != null ? directory : staging.path(), store.location());
    }

    /** The workspace of the dataset at {@code config}. */
    public static DatasetWorkspace open(StorageConfig config) throws IOException {
        return open(ObjectStores.open(config));
    }

    /** The workspace of the dataset in {@code store}, which it closes when it is closed (or fails to open). */
    static DatasetWorkspace open(ObjectStore store) throws IOException {
        try {
            return new DatasetWorkspace(store);
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

    /** Where the local copies of the dataset's files are: the dataset's own directory {@link #inPlace}. */
    public DatasetLayout layout() {
        return layout;
    }

    /** Where the dataset is, for messages. */
    public String location() {
        return store.location();
    }

    /**
     * Whether the workspace's files are the dataset's own files rather than staging copies: then a file changed in
     * place is already published, and OS file locks on them exclude every other process. Staging copies are private,
     * so a lock on one excludes only other threads of this workspace.
     */
    public boolean inPlace() {
        return staging == null;
    }

    /** Brings the current content of {@code key} to its local path; false (and no local file) when it is missing. */
    public boolean pull(String key) throws IOException {
        if (inPlace()) {
            return store.exists(key);
        }
        Files.createDirectories(local(key).getParent());
        try {
            store.download(key, local(key));
            return true;
        } catch (NoSuchFileException e) {
            Files.deleteIfExists(local(key));
            return false;
        }
    }

    /** Whether the dataset has a file {@code key}. */
    public boolean exists(String key) throws IOException {
        return store.exists(key);
    }

    /** The keys of the dataset's files under {@code prefix} (ending with '/'), at any depth, sorted. */
    public List<String> list(String prefix) throws IOException {
        return store.list(prefix).stream().map(ObjectInfo::key).toList();
    }

    /**
     * Makes the finished file {@code temp} (written under {@link #layout()}) the dataset's file {@code key},
     * replacing any previous one whole. A part file ({@code .parquet}) is not kept locally afterwards: no writing
     * step reads one back through the workspace.
     */
    public void publish(Path temp, String key) throws IOException {
        if (inPlace()) {
            // A rename within the dataset's directory: the finished file is not copied.
            AtomicFiles.publish(temp, local(key));
        } else {
            store.upload(key, temp);
            keepOrDrop(temp, key);
        }
    }

    /** Like {@link #publish}, but only if {@code key} does not exist; false (and {@code temp} deleted) otherwise. */
    public boolean publishNew(Path temp, String key) throws IOException {
        if (inPlace()) {
            return AtomicFiles.publishIfAbsent(temp, local(key));
        }
        boolean created = store.uploadIfAbsent(key, temp);
        if (created) {
            keepOrDrop(temp, key);
        } else {
            Files.delete(temp);
        }
        return created;
    }

    /** Keeps an uploaded file as the staging copy of {@code key}, unless it is a part file. */
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

    /** Sends the local file of {@code key}, changed in place, to the dataset (nothing to do {@link #inPlace}). */
    public void push(String key) throws IOException {
        if (!inPlace()) {
            store.upload(key, local(key));
        }
    }

    /** Writes a small file whole, replacing any previous one. */
    public void write(String key, byte[] content) throws IOException {
        store.write(key, content);
        keepCopy(key, content);
    }

    /** Writes a small file only if it does not exist; false when it did, and its content is then pulled. */
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        if (store.createIfAbsent(key, content)) {
            keepCopy(key, content);
            return true;
        }
        pull(key);
        return false;
    }

    /** Keeps what was just stored under {@code key} as its staging copy. */
    private void keepCopy(String key, byte[] content) throws IOException {
        if (!inPlace()) {
            Files.createDirectories(local(key).getParent());
            Files.write(local(key), content);
        }
    }

    /** Deletes a file; deleting a missing file is not an error. */
    public void delete(String key) throws IOException {
        store.delete(key);
        if (!inPlace()) {
            Files.deleteIfExists(local(key));
        }
    }

    /** The dataset's size of {@code key} in bytes. */
    public long size(String key) throws IOException {
        return store.size(key);
    }

    /** The dataset's files for reading part files, open until this workspace is closed. */
    public synchronized DatasetFiles files() {
        if (files == null) {
            files = DatasetFiles.of(store);
        }
        return files;
    }

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

    /** Closes the files opened for reading and the store, and removes the staging directory. */
    @Override
    public void close() throws IOException {
        try {
            synchronized (this) {
                if (files != null) {
                    files.close();
                }
            }
            if (staging != null) {
                staging.close();
            }
        } finally {
            store.close();
        }
    }
}
