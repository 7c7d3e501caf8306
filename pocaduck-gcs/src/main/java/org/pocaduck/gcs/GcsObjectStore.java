package org.pocaduck.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pocaduck.StorageConfig;
import org.pocaduck.storage.AtomicDownload;
import org.pocaduck.storage.ByteRange;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectKey;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.StorageFailures;

/**
 * A dataset's objects under one prefix of one GCS bucket. Uploads are resumable uploads streamed from the file in
 * chunks; the object appears only when the upload is finalized. The client retries transient failures.
 */
final class GcsObjectStore implements ObjectStore {
    /** The chunk size of resumable uploads unless a test asks for smaller ones. */
    static final int UPLOAD_CHUNK_BYTES = 16 << 20;
    /** Resumable uploads send chunks in multiples of this size. */
    private static final int CHUNK_GRANULE_BYTES = 256 << 10;
    private static final int NOT_FOUND = 404;
    private static final int PRECONDITION_FAILED = 412;

    private final Storage storage;
    private final StorageConfig config;
    private final int chunkBytes;

    GcsObjectStore(Storage storage, StorageConfig config) {
        this(storage, config, UPLOAD_CHUNK_BYTES);
    }

    /** A store whose resumable uploads send chunks of {@code chunkBytes}, a positive multiple of 256 KiB. */
    GcsObjectStore(Storage storage, StorageConfig config, int chunkBytes) {
        if (chunkBytes <= 0 || chunkBytes % CHUNK_GRANULE_BYTES != 0) {
            throw new IllegalArgumentException("upload chunk size " + chunkBytes + " for " + config.location()
                    + " is not a positive multiple of " + CHUNK_GRANULE_BYTES + " bytes, as resumable uploads need");
        }
        this.storage = storage;
        this.config = config;
        this.chunkBytes = chunkBytes;
    }

    @Override
    public String location() {
        return config.location();
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) throws IOException {
        String prefix = ObjectKey.under(config.prefix(), ObjectKey.checkPrefix(keyPrefix));
        try {
            List<ObjectInfo> found = new ArrayList<>();
            for (Blob blob : storage.list(config.bucket(), Storage.BlobListOption.prefix(prefix)).iterateAll()) {
                found.add(new ObjectInfo(ObjectKey.relativeTo(config.prefix(), blob.getName()), blob.getSize()));
            }
            found.sort(Comparator.comparing(ObjectInfo::key));
            return found;
        } catch (StorageException e) {
            throw failure("list", keyPrefix, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            return storage.get(id(key)) != null;
        } catch (StorageException e) {
            throw failure("look up", key, e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        Blob blob;
        try {
            blob = storage.get(id(key));
        } catch (StorageException e) {
            throw failure("get the size of", key, e);
        }
        if (blob == null) {
            throw StorageFailures.notFound(location(), key);
        }
        return blob.getSize();
    }

    @Override
    public byte[] read(String key) throws IOException {
        try {
            return storage.readAllBytes(id(key));
        } catch (StorageException e) {
            throw failure("read", key, e);
        }
    }

    /** One reader limited to the range: a single ranged GET, however large the object. */
    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        ByteRange.check(this, key, offset, length);
        if (length == 0) {
            return ByteRange.empty(this, key, offset);
        }
        ByteBuffer bytes = ByteBuffer.allocate(length);
        try (ReadChannel reader = storage.reader(id(key))) {
            reader.seek(offset);
            reader.limit(offset + length);
            while (bytes.hasRemaining() && reader.read(bytes) >= 0) {
                // read until the range is complete or the object ends
            }
        } catch (StorageException e) {
            throw failure("read a range of", key, e);
        } catch (IOException e) {
            if (e.getCause() instanceof StorageException storageFailure) {
                throw failure("read a range of", key, storageFailure);
            }
            throw StorageFailures.failure(config, "read a range of", key, e);
        }
        if (bytes.hasRemaining()) {
            throw ByteRange.pastEnd(this, key, offset, length, size(key));
        }
        return bytes.array();
    }

    @Override
    public void download(String key, Path target) throws IOException {
        AtomicDownload.replace(target, file -> {
            try {
                storage.downloadTo(id(key), file);
            } catch (StorageException e) {
                throw failure("download", key, e);
            }
        });
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        try {
            storage.create(BlobInfo.newBuilder(id(key)).build(), content);
        } catch (StorageException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void upload(String key, Path source) throws IOException {
        String operation = "upload " + source + " to";
        try {
            storage.createFrom(BlobInfo.newBuilder(id(key)).build(), source, chunkBytes);
        } catch (StorageException e) {
            throw failure(operation, key, e);
        } catch (IOException e) {
            throw StorageFailures.failure(config, operation, key, e);
        }
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        return createConditionally("create", key, info -> storage.create(info, content,
                Storage.BlobTargetOption.doesNotExist()));
    }

    @Override
    public boolean uploadIfAbsent(String key, Path source) throws IOException {
        return createConditionally("upload " + source + " to", key, info -> storage.createFrom(info, source,
                chunkBytes, Storage.BlobWriteOption.doesNotExist()));
    }

    /** A create of the object, with the generation-0 precondition (it must not exist yet). */
    private interface ConditionalCreate {
        void create(BlobInfo info) throws IOException;
    }

    /**
     * A metadata lookup first answers the common case without sending the content; the generation-0 precondition
     * then makes the create atomic, so exactly one of several racing writers wins.
     */
    private boolean createConditionally(String operation, String key, ConditionalCreate create) throws IOException {
        if (exists(key)) {
            return false;
        }
        try {
            create.create(BlobInfo.newBuilder(id(key)).build());
            return true;
        } catch (StorageException e) {
            if (e.getCode() == PRECONDITION_FAILED) {
                return false;
            }
            throw failure(operation, key, e);
        } catch (IOException e) {
            throw StorageFailures.failure(config, operation, key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            storage.delete(id(key));
        } catch (StorageException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            storage.close();
        } catch (Exception e) {
            throw new IOException("cannot close the Cloud Storage client of " + location() + ": "
                    + config.redact(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public String toString() {
        return "GcsObjectStore[" + config.location() + "]";
    }

    private BlobId id(String key) {
        return BlobId.of(config.bucket(), ObjectKey.under(config.prefix(), ObjectKey.check(key)));
    }

    private IOException failure(String operation, String key, StorageException e) {
        if (e.getCode() == NOT_FOUND && !String.valueOf(e.getMessage()).contains("bucket")) {
            return StorageFailures.notFound(location(), key);
        }
        return StorageFailures.failure(config, operation, key, e);
    }
}
