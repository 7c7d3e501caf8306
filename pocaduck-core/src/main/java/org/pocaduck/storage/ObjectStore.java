package org.pocaduck.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The few operations PoCADuck needs from a place that holds a dataset's files: a local directory or an object-store
 * bucket. Keys are relative to the dataset's base, '/'-separated, and checked by {@link ObjectKey#check}.
 *
 * <p>Objects are written whole and never changed in place: a reader sees an object's old content or its new one,
 * never a mix. A missing object is reported as {@link java.nio.file.NoSuchFileException} whose message names the
 * store's location and the key; any other failure is an {@link IOException} naming the operation, the location and
 * the key. Transient failures (throttling, server errors, dropped connections) have already been retried by the
 * store's client when one of these methods throws. No message, log line or {@code toString()} carries a secret.
 *
 * <p>Implementations are safe for concurrent use by many threads.
 */
public interface ObjectStore extends Closeable {
    /** Where the store's keys live, for messages: a directory or a URI such as {@code s3://bucket/prefix}. */
    String location();

    /** Every object whose key starts with {@code keyPrefix} ("" for all), sorted by key. */
    List<ObjectInfo> list(String keyPrefix) throws IOException;

    /** Whether an object of this key exists; by default, whether {@link #size} finds it. */
    default boolean exists(String key) throws IOException {
        try {
            size(key);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The object's size in bytes. */
    long size(String key) throws IOException;

    /** The whole object, which must fit in one array; use {@link #download} for large ones. */
    byte[] read(String key) throws IOException;

    /**
     * Exactly {@code length} bytes of the object starting at {@code offset}, fetched with a single request.
     *
     * @throws java.io.EOFException if the range extends past the end of the object
     */
    byte[] read(String key, long offset, int length) throws IOException;

    /**
     * Streams the object into a local file, never holding it in memory whole. The file is replaced only once the whole
     * object has arrived; after a failure it is as before.
     */
    void download(String key, Path target) throws IOException;

    /** Stores {@code content} under {@code key}, replacing any previous object atomically. */
    void write(String key, byte[] content) throws IOException;

    /**
     * Stores a local file's content under {@code key}, replacing any previous object atomically. The file is streamed
     * (in parts where the store needs them), so its size is not limited by memory.
     */
    void upload(String key, Path source) throws IOException;

    /**
     * Stores {@code content} under {@code key} only if no object of that key exists, and says whether it did. Where
     * the store supports a conditional create (local hard links, S3 {@code If-None-Match: *}, GCS generation 0,
     * Azure {@code If-None-Match: *}) exactly one of many concurrent callers wins; an existing object is never
     * replaced.
     */
    boolean createIfAbsent(String key, byte[] content) throws IOException;

    /**
     * Stores a local file's content under {@code key} only if no object of that key exists, and says whether it did,
     * with the guarantees of {@link #createIfAbsent}. The file is streamed like {@link #upload}, so its size is not
     * limited by memory; an upload that fails leaves no object.
     */
    boolean uploadIfAbsent(String key, Path source) throws IOException;

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(String key) throws IOException;

    /**
     * The local directory whose files are this store's objects, if it has one: the object of key {@code k} is the
     * file {@code localDirectory().resolve(k)}. Callers use it where a file is cheaper than a request: to open a
     * database in place, to read through a file channel, to publish a finished file by renaming it, and to lock a
     * file against other processes. Whoever writes there directly keeps the store's guarantees itself: a temporary
     * name, then an atomic rename, and only keys that {@link ObjectKey#check} accepts. Empty, the default, for stores
     * whose objects are not local files.
     */
    default Optional<Path> localDirectory() {
        return Optional.empty();
    }
}
