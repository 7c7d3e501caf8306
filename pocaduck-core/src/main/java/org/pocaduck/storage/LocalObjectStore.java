package org.pocaduck.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.pocaduck.internal.format.AtomicFiles;
import org.pocaduck.internal.format.FailureReason;

/**
 * An {@link ObjectStore} in a local directory: a key is a file path under the base. Content is written to a
 * temporary file (a file to upload is streamed there), forced to disk and renamed into place, so a file is never
 * visible half-written, even after a crash; {@link #createIfAbsent} and {@link #uploadIfAbsent} publish with a hard
 * link, which fails atomically when the name is taken.
 */
public final class LocalObjectStore implements ObjectStore {
    /** Temporary files are hidden names with a random part, so concurrent writers of one key never share one. */
    private static final Pattern TEMP_FILE = Pattern.compile("\\..+\\.[0-9a-f]{16}" + Pattern.quote(AtomicFiles.TEMP_SUFFIX));

    private final Path base;

    /** A store whose keys are files under {@code base}; the directory is created by the first write. */
    public LocalObjectStore(Path base) {
        this.base = Objects.requireNonNull(base, "base").toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return base.toString();
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) throws IOException {
        ObjectKey.checkPrefix(keyPrefix);
        int slash = keyPrefix.lastIndexOf('/');
        Path start = slash < 0 ? base : base.resolve(keyPrefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> found = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String key = key(file);
                    // A link to a file is an object too, as exists() and size() say.
                    BasicFileAttributes object = attributes.isSymbolicLink() ? target(file) : attributes;
                    if (object != null && object.isRegularFile() && key.startsWith(keyPrefix)
                            && !TEMP_FILE.matcher(file.getFileName().toString()).matches()) {
                        found.add(new ObjectInfo(key, object.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // Renamed or deleted by another writer while the directory was read (a temporary file being
                    // published): not an object now.
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw failure("list", keyPrefix, e);
        }
        found.sort(Comparator.comparing(ObjectInfo::key));
        return found;
    }

    /** The attributes of the file a link leads to, or null for a dangling link. */
    private static BasicFileAttributes target(Path link) throws IOException {
        try {
            return Files.readAttributes(link, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public long size(String key) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path(key), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw notFound(key);
        }
        if (!attributes.isRegularFile()) {
            // A directory is a prefix of keys, not an object, as exists() says.
            throw notFound(key);
        }
        return attributes.size();
    }

    @Override
    public byte[] read(String key) throws IOException {
        try {
            return Files.readAllBytes(path(key));
        } catch (NoSuchFileException e) {
            throw notFound(key);
        }
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        ByteRange.check(this, key, offset, length);
        try (FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw ByteRange.pastEnd(this, key, offset, length, channel.size());
                }
            }
            return buffer.array();
        } catch (NoSuchFileException e) {
            throw notFound(key);
        }
    }

    @Override
    public void download(String key, Path target) throws IOException {
        Path source = path(key);
        if (!Files.isRegularFile(source)) {
            throw notFound(key);
        }
        AtomicDownload.replace(target, file -> Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING));
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        Path target = path(key);
        Path temp = writeTemp(target, content);
        try {
            AtomicFiles.publish(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void upload(String key, Path source) throws IOException {
        Path target = path(key);
        Path temp = copyToTemp(key, source, target);
        try {
            AtomicFiles.publish(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        Path target = path(key);
        return AtomicFiles.publishIfAbsent(writeTemp(target, content), target);
    }

    @Override
    public boolean uploadIfAbsent(String key, Path source) throws IOException {
        Path target = path(key);
        return AtomicFiles.publishIfAbsent(copyToTemp(key, source, target), target);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    /** The base directory: every object is a file under it. */
    @Override
    public Optional<Path> localDirectory() {
        return Optional.of(base);
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }

    @Override
    public String toString() {
        return "LocalObjectStore[" + base + "]";
    }

    private Path path(String key) {
        return base.resolve(ObjectKey.check(key));
    }

    private String key(Path file) {
        return base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static Path tempFor(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + "."
                + String.format("%016x", ThreadLocalRandom.current().nextLong()) + AtomicFiles.TEMP_SUFFIX);
    }

    private static Path writeTemp(Path target, byte[] content) throws IOException {
        Path temp = tempFor(target);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            // Java's write errors (a full disk among them) do not say which file.
            throw FailureReason.naming(target, e);
        }
        return temp;
    }

    /**
     * Streams {@code source} into a new temporary file beside {@code target}, removed again if the copy fails. Read
     * as a stream rather than copied as a path, so that a source that is not a regular file fails here.
     */
    private Path copyToTemp(String key, Path source, Path target) throws IOException {
        Path temp = tempFor(target);
        try (InputStream in = Files.newInputStream(source)) {
            Files.copy(in, temp);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw failure("upload " + source + " to", key, e);
        }
        return temp;
    }

    private NoSuchFileException notFound(String key) {
        return StorageFailures.notFound(location(), key);
    }

    private IOException failure(String operation, String key, IOException cause) {
        return new IOException("cannot " + operation + " '" + key + "' in " + location() + ": " + cause, cause);
    }
}
