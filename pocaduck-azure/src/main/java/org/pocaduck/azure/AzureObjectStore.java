package org.pocaduck.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.pocaduck.StorageConfig;
import org.pocaduck.storage.AtomicDownload;
import org.pocaduck.storage.ByteRange;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectKey;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.StorageFailures;

/**
 * A dataset's blobs under one prefix of one Azure container. Files are streamed up; those above four blocks go as
 * staged blocks committed in one step, so a blob is never visible half-written. The SDK's retry policy repeats
 * transient failures.
 */
final class AzureObjectStore implements ObjectStore {
    /** The block size of staged uploads unless a test asks for smaller ones. */
    static final long BLOCK_BYTES = 8L << 20;
    /** Files up to this many blocks go in one PUT. */
    private static final int BLOCKS_PER_SINGLE_UPLOAD = 4;
    private static final int UPLOAD_CONCURRENCY = 4;
    private static final int CONFLICT = 409;
    private static final int PRECONDITION_FAILED = 412;
    private static final int RANGE_NOT_SATISFIABLE = 416;

    private final BlobContainerClient container;
    private final StorageConfig config;
    /** Memory for an upload is bounded by the blocks in flight: block size times {@link #UPLOAD_CONCURRENCY}. */
    private final ParallelTransferOptions transfer;

    AzureObjectStore(BlobContainerClient container, StorageConfig config) {
        this(container, config, BLOCK_BYTES);
    }

    /** A store whose staged uploads go in blocks of {@code blockBytes}. */
    AzureObjectStore(BlobContainerClient container, StorageConfig config, long blockBytes) {
        if (blockBytes <= 0) {
            throw new IllegalArgumentException("block size " + blockBytes + " for " + config.location()
                    + " is not positive; expected a block size in bytes");
        }
        this.container = container;
        this.config = config;
        this.transfer = new ParallelTransferOptions().setBlockSizeLong(blockBytes)
                .setMaxSingleUploadSizeLong(BLOCKS_PER_SINGLE_UPLOAD * blockBytes)
                .setMaxConcurrency(UPLOAD_CONCURRENCY);
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
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
                found.add(new ObjectInfo(ObjectKey.relativeTo(config.prefix(), item.getName()),
                        item.getProperties().getContentLength()));
            }
            found.sort(Comparator.comparing(ObjectInfo::key));
            return found;
        } catch (RuntimeException e) {
            throw failure("list", keyPrefix, e);
        }
    }


    @Override
    public long size(String key) throws IOException {
        try {
            return blob(key).getProperties().getBlobSize();
        } catch (RuntimeException e) {
            throw failure("get the size of", key, e);
        }
    }

    @Override
    public byte[] read(String key) throws IOException {
        try {
            return blob(key).downloadContent().toBytes();
        } catch (RuntimeException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        ByteRange.check(this, key, offset, length);
        if (length == 0) {
            return ByteRange.empty(this, key, offset);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(length);
        try {
            blob(key).downloadStreamWithResponse(bytes, new BlobRange(offset, (long) length), null, null, false,
                    null, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == RANGE_NOT_SATISFIABLE) {
                throw ByteRange.pastEnd(this, key, offset, length, size(key));
            }
            throw failure("read a range of", key, e);
        } catch (RuntimeException e) {
            throw failure("read a range of", key, e);
        }
        if (bytes.size() != length) {
            throw ByteRange.pastEnd(this, key, offset, length, size(key));
        }
        return bytes.toByteArray();
    }

    @Override
    public void download(String key, Path target) throws IOException {
        AtomicDownload.replace(target, file -> {
            try {
                blob(key).downloadToFile(file.toString(), true);
            } catch (RuntimeException e) {
                throw failure("download", key, e);
            }
        });
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        try {
            blob(key).upload(BinaryData.fromBytes(content), true);
        } catch (RuntimeException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void upload(String key, Path source) throws IOException {
        BlobClient blob = blob(key);
        try {
            uploadFromFile(blob, source, null);
        } catch (RuntimeException e) {
            throw failure("upload " + source + " to", key, e);
        }
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        BlobClient blob = blob(key);
        return createConditionally("create", key, conditions -> blob.uploadWithResponse(
                new BlobParallelUploadOptions(BinaryData.fromBytes(content)).setRequestConditions(conditions), null,
                Context.NONE));
    }

    /** Staged blocks of an upload that loses are never committed; Azure discards them after a week. */
    @Override
    public boolean uploadIfAbsent(String key, Path source) throws IOException {
        BlobClient blob = blob(key);
        return createConditionally("upload " + source + " to", key, conditions -> uploadFromFile(blob, source,
                conditions));
    }

    /** Runs a write of {@code key}'s blob conditional on {@code If-None-Match: *}; false if the blob exists. */
    private boolean createConditionally(String operation, String key, Consumer<BlobRequestConditions> write)
            throws IOException {
        try {
            write.accept(new BlobRequestConditions().setIfNoneMatch("*"));
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == CONFLICT && BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode())
                    || e.getStatusCode() == PRECONDITION_FAILED) {
                return false;
            }
            throw failure(operation, key, e);
        } catch (RuntimeException e) {
            throw failure(operation, key, e);
        }
    }

    /** Streams the file to the blob, read block by block from the file; {@code conditions} may be null. */
    private void uploadFromFile(BlobClient blob, Path source, BlobRequestConditions conditions) {
        blob.uploadFromFileWithResponse(new BlobUploadFromFileOptions(source.toString())
                .setParallelTransferOptions(transfer).setRequestConditions(conditions), null, Context.NONE);
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            blob(key).deleteIfExists();
        } catch (RuntimeException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void close() {
        // The SDK's HTTP client is shared by all its clients and needs no closing.
    }

    @Override
    public String toString() {
        return "AzureObjectStore[" + config.location() + "]";
    }

    private BlobClient blob(String key) {
        return container.getBlobClient(ObjectKey.under(config.prefix(), ObjectKey.check(key)));
    }

    /**
     * The exception of a failed SDK call: the service's answer, or a connection or file failure, which the SDK reports
     * unchecked ({@link UncheckedIOException}, or wrapped by Reactor with the {@link IOException} or the
     * {@link TimeoutException} as cause). Anything else is a bug and is rethrown as it is.
     */
    private IOException failure(String operation, String key, RuntimeException e) {
        if (e instanceof BlobStorageException storage) {
            if (storage.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(storage.getErrorCode())) {
                return StorageFailures.notFound(location(), key);
            }
            return StorageFailures.failure(config, operation, key, e);
        }
        Throwable cause = e.getCause();
        if (cause instanceof IOException || cause instanceof TimeoutException) {
            // The cause's message, not Reactor's wrapper's: "ReactiveException: java.net.ConnectException: ...".
            return StorageFailures.failure(config, operation, key, (Exception) cause);
        }
        throw e;
    }
}
