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
import org.pocaduck.StorageConfig;
import org.pocaduck.storage.AtomicDownload;
import org.pocaduck.storage.ByteRange;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectKey;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.StorageFailures;

/**
 * A dataset's blobs under one prefix of one Azure container. Large files are uploaded as staged blocks committed in
 * one step, so a blob is never visible half-written; the SDK's retry policy repeats transient failures.
 */
final class AzureObjectStore implements ObjectStore {
    /** Files up to this size go in one PUT; larger ones in blocks of {@link #BLOCK_SIZE}. */
    private static final long SINGLE_UPLOAD_LIMIT = 32L << 20;
    private static final long BLOCK_SIZE = 8L << 20;
    private static final int UPLOAD_CONCURRENCY = 4;
    private static final int CONFLICT = 409;
    private static final int PRECONDITION_FAILED = 412;
    private static final int RANGE_NOT_SATISFIABLE = 416;

    private final BlobContainerClient container;
    private final StorageConfig config;

    AzureObjectStore(BlobContainerClient container, StorageConfig config) {
        this.container = container;
        this.config = config;
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
        } catch (BlobStorageException | UncheckedIOException e) {
            throw failure("list", keyPrefix, e);
        }
    }


    @Override
    public long size(String key) throws IOException {
        try {
            return blob(key).getProperties().getBlobSize();
        } catch (BlobStorageException | UncheckedIOException e) {
            throw failure("get the size of", key, e);
        }
    }

    @Override
    public byte[] read(String key) throws IOException {
        try {
            return blob(key).downloadContent().toBytes();
        } catch (BlobStorageException | UncheckedIOException e) {
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
        } catch (UncheckedIOException e) {
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
            } catch (BlobStorageException | UncheckedIOException e) {
                throw failure("download", key, e);
            }
        });
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        try {
            blob(key).upload(BinaryData.fromBytes(content), true);
        } catch (BlobStorageException | UncheckedIOException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void upload(String key, Path source) throws IOException {
        ParallelTransferOptions transfer = new ParallelTransferOptions().setMaxSingleUploadSizeLong(SINGLE_UPLOAD_LIMIT)
                .setBlockSizeLong(BLOCK_SIZE).setMaxConcurrency(UPLOAD_CONCURRENCY);
        try {
            blob(key).uploadFromFileWithResponse(new BlobUploadFromFileOptions(source.toString())
                    .setParallelTransferOptions(transfer), null, Context.NONE);
        } catch (BlobStorageException | UncheckedIOException e) {
            throw failure("upload " + source + " to", key, e);
        }
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        BlobParallelUploadOptions options = new BlobParallelUploadOptions(BinaryData.fromBytes(content))
                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
        try {
            blob(key).uploadWithResponse(options, null, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == CONFLICT && BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode())
                    || e.getStatusCode() == PRECONDITION_FAILED) {
                return false;
            }
            throw failure("create", key, e);
        } catch (UncheckedIOException e) {
            throw failure("create", key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            blob(key).deleteIfExists();
        } catch (BlobStorageException | UncheckedIOException e) {
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

    private IOException failure(String operation, String key, RuntimeException e) {
        if (e instanceof BlobStorageException storage && storage.getStatusCode() == 404
                && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(storage.getErrorCode())) {
            return StorageFailures.notFound(location(), key);
        }
        return StorageFailures.failure(config, operation, key, e);
    }
}
