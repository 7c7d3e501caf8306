package org.pocaduck.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A TCP relay on 127.0.0.1 in front of an S3 server that fails requests the way networks and busy servers do: it
 * closes the connection mid-response, stops answering, or answers 503 Slow Down or 500 without forwarding. A store
 * that is full answers every write with 507 from some write on, as MinIO does when its drives are full.
 *
 * <p>Which requests fail is a seeded function of the request itself (method, target and range), not of the order in
 * which concurrent requests arrive, so a run injects the same faults every time. Each request is sent on its own
 * connection ({@code Connection: close}) so that every attempt of the client passes through a decision.
 */
public final class FaultyRelay implements AutoCloseable {
    /** What the relay does instead of passing a request on. */
    public enum Fault {
        /** Forwards the request but closes the connection after half of the response's first bytes. */
        DROP,
        /** Reads the request and answers nothing until the client gives up (its read timeout). */
        STALL,
        /** Answers {@code 503 Slow Down}, S3's throttling. */
        SLOW_DOWN,
        /** Answers {@code 500 Internal Error}. */
        INTERNAL_ERROR,
        /** Answers a write with {@code 507 Insufficient Storage}, which clients do not retry. */
        STORE_FULL
    }

    private static final List<Fault> QUICK = List.of(Fault.DROP, Fault.SLOW_DOWN, Fault.INTERNAL_ERROR);

    private final ServerSocket listener;
    private final int targetPort;
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private final Set<String> faulted = new HashSet<>();
    private long seed;
    private double share;
    private boolean persistent;
    private boolean stalls;
    private long writes;
    private long fullFromWrite = Long.MAX_VALUE;

    public FaultyRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "faulty-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /**
     * Fails the first attempt of a seeded {@code share} of the distinct requests and passes their retries, so that a
     * client that retries once sees every request succeed. With {@code stalls}, one fault in eight is a stall.
     */
    public synchronized void failFirstAttempts(long seed, double share, boolean stalls) {
        reset(seed, share, false, stalls);
    }

    /** Fails every attempt of a seeded {@code share} of the distinct requests, quickly (no stalls). */
    public synchronized void failEveryAttempt(long seed, double share) {
        reset(seed, share, true, false);
    }

    /** Answers the {@code k}-th write (PUT or POST) from now and every later one as a full store. */
    public synchronized void fillUpAtWrite(long k) {
        reset(0, 0, false, false);
        fullFromWrite = k;
    }

    /** Passes every request from now on. */
    public synchronized void passAll() {
        reset(0, 0, false, false);
    }

    /** Writes (PUT or POST) seen since the last change of behaviour. */
    public synchronized long writes() {
        return writes;
    }

    /** How many of each fault were injected since the last change of behaviour. */
    public synchronized Map<Fault, Integer> injected() {
        return new EnumMap<>(injected);
    }

    private void reset(long seed, double share, boolean persistent, boolean stalls) {
        this.seed = seed;
        this.share = share;
        this.persistent = persistent;
        this.stalls = stalls;
        this.writes = 0;
        this.fullFromWrite = Long.MAX_VALUE;
        injected.clear();
        faulted.clear();
    }

    private synchronized Fault decide(String method, String target, String range) {
        boolean write = method.equals("PUT") || method.equals("POST");
        if (write && ++writes >= fullFromWrite) {
            return count(Fault.STORE_FULL);
        }
        String request = method + " " + target + " " + range;
        SplittableRandom random = new SplittableRandom(seed ^ ((long) request.hashCode() << 16));
        if (random.nextDouble() >= share || (!persistent && !faulted.add(request))) {
            return null;
        }
        if (stalls && random.nextInt(8) == 0) {
            return count(Fault.STALL);
        }
        return count(QUICK.get(random.nextInt(QUICK.size())));
    }

    private Fault count(Fault fault) {
        injected.merge(fault, 1, Integer::sum);
        return fault;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread connection = new Thread(() -> serve(client), "faulty-relay-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            String head = readHead(fromClient);
            if (head == null) {
                return;
            }
            String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
            Fault fault = decide(requestLine[0], requestLine[1], header(head, "range"));
            if (fault == null || fault == Fault.DROP) {
                forward(client, fromClient, closingHead(head), fault == Fault.DROP);
            } else if (fault == Fault.STALL) {
                fromClient.transferTo(OutputStream.nullOutputStream());
            } else {
                answer(client.getOutputStream(), fault);
                // Read what the client still sends (a body) until it closes: closing with unread input would reset
                // the connection and could lose the answer.
                client.shutdownOutput();
                fromClient.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            // The client or the server went away; the connection is over either way.
        }
    }

    /** The request head up to and including the empty line, or null if the client closed before sending one. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            byte expected = (matched % 2 == 0) ? (byte) '\r' : (byte) '\n';
            matched = b == expected ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    /** The head with any Connection header replaced by {@code Connection: close} (not signed by SigV4). */
    private static String closingHead(String head) {
        StringBuilder rewritten = new StringBuilder();
        for (String line : head.substring(0, head.length() - 4).split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                rewritten.append(line).append("\r\n");
            }
        }
        return rewritten.append("Connection: close\r\n\r\n").toString();
    }

    private void forward(Socket client, InputStream fromClient, String head, boolean drop) throws IOException {
        try (Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            OutputStream toServer = server.getOutputStream();
            toServer.write(head.getBytes(StandardCharsets.ISO_8859_1));
            toServer.flush();
            Thread body = new Thread(() -> {
                try {
                    fromClient.transferTo(toServer);
                } catch (IOException e) {
                    // The server answered and closed, or the client went away.
                }
            }, "faulty-relay-request-body");
            body.setDaemon(true);
            body.start();
            InputStream fromServer = server.getInputStream();
            OutputStream toClient = client.getOutputStream();
            byte[] buffer = new byte[64 << 10];
            for (int n = fromServer.read(buffer); n >= 0; n = fromServer.read(buffer)) {
                if (drop) {
                    toClient.write(buffer, 0, Math.max(1, n / 2));
                    toClient.flush();
                    return;
                }
                toClient.write(buffer, 0, n);
                toClient.flush();
            }
        }
    }

    private static void answer(OutputStream toClient, Fault fault) throws IOException {
        String status = switch (fault) {
            case SLOW_DOWN -> "503 Slow Down";
            case INTERNAL_ERROR -> "500 Internal Server Error";
            default -> "507 Insufficient Storage";
        };
        String code = switch (fault) {
            case SLOW_DOWN -> "SlowDown";
            case INTERNAL_ERROR -> "InternalError";
            default -> "XMinioStorageFull";
        };
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + status + " (injected by the test relay)</Message></Error>").getBytes(StandardCharsets.UTF_8);
        toClient.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        toClient.write(body);
        toClient.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
