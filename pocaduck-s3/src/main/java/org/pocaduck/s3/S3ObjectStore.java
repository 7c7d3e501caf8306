package org.pocaduck.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * A dataset's objects under one prefix of one S3 bucket. Uploads above {@link MultipartUpload#THRESHOLD} go in parts
 * streamed from the file; every other operation is one request (plus a HEAD for {@link #createIfAbsent}).
 */
final class S3ObjectStore implements ObjectStore {
    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;
    private static final int RANGE_NOT_SATISFIABLE = 416;
    private static final int CONDITIONAL_CREATE_ATTEMPTS = 5;

    private final S3Client client;
    private final StorageConfig config;
    private final String bucket;

    S3ObjectStore(S3Client client, StorageConfig config) {
        this.client = client;
        this.config = config;
        this.bucket = config.bucket();
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
        try {
            return client.headObject(request -> request.bucket(bucket).key(name)).contentLength();
        } catch (SdkException e) {
            throw failure("get the size of", key, e);
        }
    }

    @Override
    public byte[] read(String key) throws IOException {
        String name = name(key);
        try {
            return client.getObjectAsBytes(request -> request.bucket(bucket).key(name)).asByteArrayUnsafe();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        ByteRange.check(this, key, offset, length);
        if (length == 0) {
            return ByteRange.empty(this, key, offset);
        }
        String name = name(key);
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
            throw ByteRange.pastEnd(this, key, offset, length, objectSize(range.response(), key));
        }
        return bytes;
    }

    @Override
    public void download(String key, Path target) throws IOException {
        String name = name(key);
        AtomicDownload.replace(target, file -> {
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(request -> request.bucket(bucket)
                    .key(name))) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (SdkException e) {
                throw failure("download", key, e);
            }
        });
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
        String name = name(key);
        long size = Files.size(source);
        try {
            if (size <= MultipartUpload.THRESHOLD) {
                client.putObject(request -> request.bucket(bucket).key(name), RequestBody.fromFile(source));
            } else {
                new MultipartUpload(client, bucket, name).upload(source, size);
            }
        } catch (SdkException e) {
            throw failure("upload " + source + " to", key, e);
        }
    }

    /**
     * A HEAD first answers the common case cheaply and correctly even on stores that ignore {@code If-None-Match}
     * (such as s3proxy); the conditional PUT then settles races on stores that honour it (AWS, MinIO, ...).
     */
    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        String name = name(key);
        for (int attempt = 1; ; attempt++) {
            if (exists(key)) {
                return false;
            }
            try {
                client.putObject(request -> request.bucket(bucket).key(name).ifNoneMatch("*"),
                        RequestBody.fromBytes(content));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == PRECONDITION_FAILED) {
                    return false;
                }
                // 409: a concurrent conditional write was in flight; S3 asks to retry.
                if (e.statusCode() != CONFLICT || attempt == CONDITIONAL_CREATE_ATTEMPTS) {
                    throw failure("create", key, e);
                }
            } catch (SdkException e) {
                throw failure("create", key, e);
            }
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

    private IOException failure(String operation, String key, SdkException e) {
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
