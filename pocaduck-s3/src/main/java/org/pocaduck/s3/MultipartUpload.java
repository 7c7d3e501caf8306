package org.pocaduck.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads one large file as an S3 multipart upload, each part streamed from its range of the file (and re-read from
 * there if the SDK retries it), so memory use does not grow with the file. The object appears only when the upload is
 * completed; a failed upload is aborted so that its parts are not billed.
 */
final class MultipartUpload {
    /** The smallest part S3 accepts (all but the last part). */
    static final long MIN_PART_BYTES = 5L << 20;
    private static final int MAX_PARTS = 10_000;

    private final S3Client client;
    private final String bucket;
    private final String name;
    private final long partBytes;

    /**
     * An upload of the object {@code name} in parts of {@code partBytes} (at least {@link #MIN_PART_BYTES}), larger
     * where 10,000 parts would not hold the file.
     */
    MultipartUpload(S3Client client, String bucket, String name, long partBytes) {
        this.client = client;
        this.bucket = bucket;
        this.name = name;
        this.partBytes = partBytes;
    }

    /**
     * Uploads the first {@code size} bytes of {@code source}. With {@code onlyIfAbsent} the completion carries
     * {@code If-None-Match: *}, so that S3 refuses (412) to replace an object that appeared meanwhile, and of racing
     * uploads only one completes. On any failure, that refusal included, the upload is aborted and the exception
     * rethrown.
     */
    void upload(Path source, long size, boolean onlyIfAbsent) {
        long partSize = Math.max(partBytes, (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = client.createMultipartUpload(request -> request.bucket(bucket).key(name)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0, number = 1; offset < size; offset += partSize, number++) {
                long length = Math.min(partSize, size - offset);
                int partNumber = (int) number;
                long partOffset = offset;
                String etag = client.uploadPart(request -> request.bucket(bucket).key(name).uploadId(uploadId)
                                .partNumber(partNumber).contentLength(length),
                        RequestBody.fromContentProvider(() -> rangeOf(source, partOffset, length), length,
                                "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            client.completeMultipartUpload(request -> request.bucket(bucket).key(name).uploadId(uploadId)
                    .ifNoneMatch(onlyIfAbsent ? "*" : null).multipartUpload(upload -> upload.parts(parts)));
        } catch (SdkException | UncheckedIOException e) {
            abort(uploadId, e);
            throw e;
        }
    }

    private void abort(String uploadId, Exception failure) {
        try {
            client.abortMultipartUpload(request -> request.bucket(bucket).key(name).uploadId(uploadId));
        } catch (SdkException e) {
            failure.addSuppressed(e);
        }
    }

    private static InputStream rangeOf(Path file, long offset, long length) {
        try {
            return new FileRangeStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** Reads one range of a file with positional reads. */
    private static final class FileRangeStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private final long end;

        FileRangeStream(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= end) {
                return -1;
            }
            int wanted = (int) Math.min(length, end - position);
            int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
            if (n < 0) {
                throw new IOException("file ended at " + position + " while " + (end - position)
                        + " more bytes of an upload part were expected; was it changed during the upload?");
            }
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
