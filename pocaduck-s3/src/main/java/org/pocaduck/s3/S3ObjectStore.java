package org.pocaduck.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.pocaduck.StorageConfig;
import org.pocaduck.storage.AtomicDownload;
import org.pocaduck.storage.ByteRange;
import org.pocaduck.storage.ObjectInfo;
import org.pocaduck.storage.ObjectKey;
import org.pocaduck.storage.ObjectStore;
import org.pocaduck.storage.StorageFailures;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A dataset's objects under one prefix of one S3 bucket. Uploads of files above two parts go as multipart uploads
 * streamed from the file part by part; every other operation is one request (plus a HEAD for the conditional creates).
 */
final class S3ObjectStore implements ObjectStore {
    /** The part size of multipart uploads unless a test asks for smaller ones. */
    static final long PART_BYTES = 16L << 20;
    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;
    private static final int RANGE_NOT_SATISFIABLE = 416;
    private static final int CONDITIONAL_CREATE_ATTEMPTS = 5;

    private final S3Client client;
    private final StorageConfig config;
    private final String bucket;
    private final long partBytes;

    S3ObjectStore(S3Client client, StorageConfig config) {
        this(client, config, PART_BYTES);
    }

    /** A store whose multipart uploads go in parts of {@code partBytes}, at least S3's minimum of 5 MiB. */
    S3ObjectStore(S3Client client, StorageConfig config, long partBytes) {
        if (partBytes < MultipartUpload.MIN_PART_BYTES) {
            throw new IllegalArgumentException("part size " + partBytes + " for " + config.location()
                    + " is below S3's minimum; expected at least " + MultipartUpload.MIN_PART_BYTES);
        }
        this.client = client;
        this.config = config;
        this.bucket = config.bucket();
        this.partBytes = partBytes;
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
            for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
                    .contents()) {
                found.add(new ObjectInfo(ObjectKey.relativeTo(config.prefix(), object.key()), object.size()));
            }
            found.sort(Comparator.comparing(ObjectInfo::key));
            return found;
        } catch (SdkException e) {
            throw failure("list", keyPrefix, e);
        }
    }


    @Override
    public long size(String key) throws IOException {
        String name = name(key);
        return whole("get the size of", key, () -> {
            try {
                Long size = client.headObject(request -> request.bucket(bucket).key(name)).contentLength();
                if (size == null) {
                    throw new TruncatedBody("the response ended before its Content-Length header");
                }
                return size;
            } catch (SdkException e) {
                throw failure("get the size of", key, e);
            }
        });
    }

    @Override
    public byte[] read(String key) throws IOException {
        String name = name(key);
        return whole("read", key, () -> {
            try {
                ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(request -> request.bucket(bucket)
                        .key(name));
                byte[] bytes = object.asByteArrayUnsafe();
                checkComplete(bytes.length, object.response().contentLength());
                return bytes;
            } catch (SdkException e) {
                throw failure("read", key, e);
            }
        });
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        ByteRange.check(this, key, offset, length);
        if (length == 0) {
            return ByteRange.empty(this, key, offset);
        }
        String name = name(key);
        return whole("read a range of", key, () -> {
            ResponseBytes<GetObjectResponse> range;
            try {
                range = client.getObjectAsBytes(request -> request.bucket(bucket).key(name)
                        .range("bytes=" + offset + "-" + (offset + length - 1)));
            } catch (S3Exception e) {
                if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
                    throw ByteRange.pastEnd(this, key, offset, length, size(key));
                }
                throw failure("read a range of", key, e);
            } catch (SdkException e) {
                throw failure("read a range of", key, e);
            }
            byte[] bytes = range.asByteArrayUnsafe();
            if (bytes.length != length) {
                long size = objectSize(range.response(), key);
                if (offset + length <= size) {
                    throw new TruncatedBody(bytes.length, length);
                }
                throw ByteRange.pastEnd(this, key, offset, length, size);
            }
            return bytes;
        });
    }

    @Override
    public void download(String key, Path target) throws IOException {
        String name = name(key);
        whole("download", key, () -> {
            AtomicDownload.replace(target, file -> {
                try (ResponseInputStream<GetObjectResponse> in = client.getObject(request -> request.bucket(bucket)
                        .key(name))) {
                    checkComplete(Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING),
                            in.response().contentLength());
                } catch (SdkException e) {
                    throw failure("download", key, e);
                }
            });
            return null;
        });
    }

    /** One GET or HEAD whose response may come back cut short. */
    @FunctionalInterface
    private interface Get<T> {
        T send() throws IOException;
    }

    /**
     * Sends {@code get} until its response arrives whole, up to the client's attempts. The JDK's HttpURLConnection
     * ends a response cut short by a dropped connection as if it were complete, so the SDK returns it and cannot
     * retry it.
     */
    private <T> T whole(String operation, String key, Get<T> get) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return get.send();
            } catch (TruncatedBody e) {
                if (attempt == S3ObjectStoreProvider.ATTEMPTS) {
                    throw StorageFailures.failure(config, operation, key, e);
                }
            }
        }
    }

    private static void checkComplete(long received, Long expected) throws TruncatedBody {
        if (expected != null && received < expected) {
            throw new TruncatedBody(received, expected);
        }
    }

    /**
     * A response cut short: a body shorter than its Content-Length, a range shorter than the range in the object, or
     * headers without the Content-Length.
     */
    private static final class TruncatedBody extends IOException {
        TruncatedBody(long received, long expected) {
            this("the response ended after " + received + " of " + expected + " bytes");
        }

        TruncatedBody(String message) {
            super(message);
        }
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        String name = name(key);
        try {
            client.putObject(request -> request.bucket(bucket).key(name), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void upload(String key, Path source) throws IOException {
        String operation = "upload " + source + " to";
        long size = sourceSize(operation, key, source);
        try {
            put(name(key), source, size, false);
        } catch (SdkException | UncheckedIOException e) {
            throw failure(operation, key, e);
        }
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        return createConditionally("create", key, name -> client.putObject(request -> request.bucket(bucket).key(name)
                .ifNoneMatch("*"), RequestBody.fromBytes(content)));
    }

    @Override
    public boolean uploadIfAbsent(String key, Path source) throws IOException {
        String operation = "upload " + source + " to";
        long size = sourceSize(operation, key, source);
        return createConditionally(operation, key, name -> put(name, source, size, true));
    }

    /**
     * Runs a conditional write ({@code If-None-Match: *}) of {@code key}'s object unless it already exists. A HEAD
     * first answers the common case cheaply and correctly even on stores that ignore {@code If-None-Match} (such as
     * s3proxy); the condition then settles races on stores that honour it (AWS, MinIO, ...).
     */
    private boolean createConditionally(String operation, String key, Consumer<String> conditionalWrite)
            throws IOException {
        String name = name(key);
        for (int attempt = 1; ; attempt++) {
            if (exists(key)) {
                return false;
            }
            try {
                conditionalWrite.accept(name);
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == PRECONDITION_FAILED) {
                    return false;
                }
                // 409: a concurrent conditional write was in flight; S3 asks to retry. The HEAD before the retry
                // usually finds the other writer's object, so a multipart upload is rarely sent twice.
                if (e.statusCode() != CONFLICT || attempt == CONDITIONAL_CREATE_ATTEMPTS) {
                    throw failure(operation, key, e);
                }
            } catch (SdkException | UncheckedIOException e) {
                throw failure(operation, key, e);
            }
        }
    }

    /**
     * Streams the file to the object {@code name}: in one PUT up to two parts, else as a multipart upload. With
     * {@code onlyIfAbsent} the PUT or the multipart completion is conditional on no object existing.
     */
    private void put(String name, Path source, long size, boolean onlyIfAbsent) {
        if (size <= 2 * partBytes) {
            client.putObject(request -> request.bucket(bucket).key(name).ifNoneMatch(onlyIfAbsent ? "*" : null),
                    RequestBody.fromFile(source));
        } else {
            new MultipartUpload(client, bucket, name, partBytes).upload(source, size, onlyIfAbsent);
        }
    }

    private long sourceSize(String operation, String key, Path source) throws IOException {
        try {
            return Files.size(source);
        } catch (IOException e) {
            throw StorageFailures.failure(config, operation, key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String name = name(key);
        try {
            client.deleteObject(request -> request.bucket(bucket).key(name));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + config.location() + "]";
    }

    private String name(String key) {
        return ObjectKey.under(config.prefix(), ObjectKey.check(key));
    }

    /** The object's total size, from the Content-Range of a ranged response ("bytes 0-9/1234"). */
    private long objectSize(GetObjectResponse response, String key) throws IOException {
        String contentRange = response.contentRange();
        if (contentRange != null && contentRange.lastIndexOf('/') >= 0) {
            String total = contentRange.substring(contentRange.lastIndexOf('/') + 1);
            if (!total.equals("*")) {
                return Long.parseLong(total);
            }
        }
        return size(key);
    }

    private IOException failure(String operation, String key, RuntimeException e) {
        if (e instanceof NoSuchKeyException
                || (e instanceof S3Exception s3 && s3.statusCode() == 404 && !isMissingBucket(s3))) {
            return StorageFailures.notFound(location(), key);
        }
        return StorageFailures.failure(config, operation, key, e);
    }

    private static boolean isMissingBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }
}
