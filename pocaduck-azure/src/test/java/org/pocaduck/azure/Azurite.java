package org.pocaduck.azure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azurite's blob service for a test class: installed from npm into a cache directory on first use (no manual setup),
 * started on a free port of 127.0.0.1 with in-memory storage and no telemetry in a working directory of its own, and
 * stopped by {@link #close()}, which deletes that directory.
 * The cache is {@code ~/.cache/pocaduck/azurite-VERSION}, or the directory named by the system property
 * {@code pocaduck.azurite.home}.
 */
final class Azurite implements AutoCloseable {
    static final String VERSION = "3.37.0";
    /** Azurite's built-in account and its published, well-known development key. */
    static final String ACCOUNT = "devstoreaccount1";
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Pattern LISTENING = Pattern.compile("listens on http://127\\.0\\.0\\.1:(\\d+)");
    private static final long INSTALL_MINUTES = 10;
    private static final long START_SECONDS = 60;

    private final Process process;
    private final int port;
    private final Path workDirectory;

    private Azurite(Process process, int port, Path workDirectory) {
        this.process = process;
        this.port = port;
        this.workDirectory = workDirectory;
    }

    static Azurite start() throws IOException, InterruptedException {
        Path executable = installed().resolve("node_modules/.bin/azurite-blob");
        Path workDirectory = Files.createTempDirectory("azurite");
        Process process = new ProcessBuilder(executable.toString(), "--blobHost", "127.0.0.1", "--blobPort", "0",
                "--inMemoryPersistence", "--extentMemoryLimit", "512", "--disableTelemetry", "--skipApiVersionCheck",
                "--silent")
                .directory(workDirectory.toFile()).redirectErrorStream(true).start();
        Deque<String> output = new ArrayDeque<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, output, port), "azurite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Azurite(process, port.get(START_SECONDS, TimeUnit.SECONDS), workDirectory);
        } catch (ExecutionException | TimeoutException e) {
            stop(process);
            Files.deleteIfExists(workDirectory);
            synchronized (output) {
                throw new IOException("Azurite " + VERSION + " did not start listening on 127.0.0.1 within "
                        + START_SECONDS + " s; its output was:\n" + String.join("\n", output), e);
            }
        }
    }

    /** The blob endpoint, in Azurite's path style: the account is the first path segment. */
    String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + endpoint() + ";";
    }

    @Override
    public void close() throws IOException {
        try {
            stop(process);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // With in-memory persistence Azurite leaves nothing in its working directory.
        Files.deleteIfExists(workDirectory);
    }

    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    private static void readOutput(Process process, Deque<String> output, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > 50) {
                        output.removeFirst();
                    }
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(1)));
                }
            }
            port.completeExceptionally(new IOException("Azurite exited with code " + process.waitFor()));
        } catch (IOException | InterruptedException e) {
            port.completeExceptionally(e);
        }
    }

    /**
     * The installation directory, after installing Azurite there unless a previous run did. The lock, released when
     * its channel closes, lets one build at a time install while concurrent builds wait.
     */
    private static Path installed() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("pocaduck.azurite.home",
                System.getProperty("user.home") + "/.cache/pocaduck/azurite-" + VERSION));
        Path marker = home.resolve(".installed");
        if (Files.exists(marker)) {
            return home;
        }
        Files.createDirectories(home);
        try (FileChannel lockFile = FileChannel.open(home.resolve(".install.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            lockFile.lock();
            if (!Files.exists(marker)) {
                Path log = home.resolve("npm-install.log");
                Process npm = new ProcessBuilder("npm", "install", "--prefix", home.toString(), "azurite@" + VERSION,
                        "--no-audit", "--no-fund")
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!npm.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
                    npm.destroyForcibly();
                    throw new IOException("npm install azurite@" + VERSION + " took over " + INSTALL_MINUTES
                            + " minutes; see " + log);
                }
                if (npm.exitValue() != 0) {
                    throw new IOException("npm install azurite@" + VERSION + " into " + home + " failed with exit code "
                            + npm.exitValue() + ":\n" + Files.readString(log));
                }
                Files.writeString(marker, VERSION + "\n");
            }
        }
        return home;
    }
}
