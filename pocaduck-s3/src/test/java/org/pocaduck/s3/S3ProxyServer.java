package org.pocaduck.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.pocaduck.StorageConfig;

/**
 * s3proxy, a real S3 server, on 127.0.0.1 in this JVM with an in-memory bucket (or, from {@link #onDisk}, a bucket
 * in a directory). It can be stopped and started again on the same port with the same content, as a server that goes
 * away and comes back.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String BUCKET = "pocaduck-test";
    public static final String ACCESS_KEY_ID = "AKIAPOCADUCKTEST";
    public static final String SECRET_ACCESS_KEY = "s3cr3t/POCADUCK+test+key+do+not+show";

    private final BlobStoreContext backend;
    private S3Proxy server;
    private int port;

    public S3ProxyServer() throws Exception {
        this(ContextBuilder.newBuilder("transient").overrides(new Properties()).build(BlobStoreContext.class));
    }

    private S3ProxyServer(BlobStoreContext backend) throws Exception {
        this.backend = backend;
        backend.getBlobStore().createContainerInLocation(null, BUCKET);
        start();
    }

    /**
     * A server whose bucket is a directory under {@code directory} (jclouds' filesystem backend), for objects too
     * large to hold in this JVM's heap.
     */
    public static S3ProxyServer onDisk(Path directory) throws Exception {
        Properties properties = new Properties();
        properties.setProperty(FilesystemConstants.PROPERTY_BASEDIR, directory.toString());
        return new S3ProxyServer(ContextBuilder.newBuilder("filesystem").overrides(properties)
                .build(BlobStoreContext.class));
    }

    /** Starts serving, on the port of the previous start if there was one. */
    public void start() throws Exception {
        server = S3Proxy.builder()
                .blobStore(backend.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                .build();
        server.start();
        while (!server.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        port = server.getPort();
    }

    /** Stops serving; the content stays for the next {@link #start()}. */
    public void stop() throws Exception {
        server.stop();
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * A configuration for {@code location} through this server. No s3PathStyle: a custom endpoint alone must select
     * path-style addressing, as 127.0.0.1 has no subdomains.
     */
    public StorageConfig config(String location, String secretAccessKey) {
        return StorageConfig.builder(location).s3EndpointUrl(endpoint()).s3Region("us-east-1")
                .s3AccessKeyId(ACCESS_KEY_ID).s3SecretAccessKey(secretAccessKey).build();
    }

    public StorageConfig config(String location) {
        return config(location, SECRET_ACCESS_KEY);
    }

    @Override
    public void close() throws Exception {
        server.stop();
        backend.close();
    }
}
