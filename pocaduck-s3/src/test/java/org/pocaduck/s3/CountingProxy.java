package org.pocaduck.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a server that counts the bytes the server sends: what a client pays for on a
 * metered store, headers included.
 */
public final class CountingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    public CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "counting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public long bytesServed() {
        return served.get();
    }

    /** Requests without a body (GET, HEAD) sent through the proxy: each ends its head with an empty line. */
    public long requestsWithoutBody() {
        return requests.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pump(client.getInputStream(), server.getOutputStream(), null, requests, client, server);
                pump(server.getInputStream(), client.getOutputStream(), served, null, client, server);
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Copies one direction of a connection, counting the bytes into {@code bytes} and the ends of request heads
     * (CR LF CR LF, which may straddle two reads) into {@code heads}, where either is not null.
     */
    private static void pump(InputStream from, OutputStream to, AtomicLong bytes, AtomicLong heads, Socket a,
            Socket b) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 << 10];
            int matched = 0;
            try {
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    // Counted before they are passed on: once the client has its answer, every byte and request
                    // that led to it is in the counts, and none of them falls into the next call's.
                    if (bytes != null) {
                        bytes.addAndGet(n);
                    }
                    for (int i = 0; heads != null && i < n; i++) {
                        byte expected = (matched % 2 == 0) ? (byte) '\r' : (byte) '\n';
                        matched = buffer[i] == expected ? matched + 1 : buffer[i] == '\r' ? 1 : 0;
                        if (matched == 4) {
                            heads.incrementAndGet();
                            matched = 0;
                        }
                    }
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // The other side closed; close both below.
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, "counting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
