package org.pocaduck.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A shell in a mount namespace of its own, with a small tmpfs mounted at a directory: what it and its children (the
 * command line under test) write there fills a file system of known size, while everything else on the machine stays
 * visible. An unprivileged user gets the namespace through a user namespace in which it is root
 * ({@code unshare --user --map-root-user --mount}); where user namespaces are disabled, root can still use a plain
 * mount namespace. The mount disappears with the shell.
 */
final class TmpfsShell implements AutoCloseable {
    private static final String DONE = "__tmpfs_shell_done__";
    private static final List<List<String>> NAMESPACES = List.of(
            List.of("unshare", "--user", "--map-root-user", "--mount"),
            List.of("unshare", "--mount"));

    private final Process process;
    private final Writer commands;
    private final BufferedReader output;
    private final Path errors;

    /** What a shell command printed on stdout, and its exit status. */
    record Result(int exitCode, String out) {
    }

    private TmpfsShell(Process process, Path errors) {
        this.process = process;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        this.output = process.inputReader(StandardCharsets.UTF_8);
        this.errors = errors;
    }

    /**
     * Starts the shell and mounts a tmpfs of {@code bytes} at {@code mountPoint} (created if needed) inside it.
     *
     * @throws AssertionError naming what the machine lacks when no namespace can be made or the mount fails
     */
    static TmpfsShell mount(Path mountPoint, long bytes) throws IOException {
        Files.createDirectories(mountPoint);
        StringBuilder refusals = new StringBuilder();
        for (List<String> namespace : NAMESPACES) {
            Path errors = Files.createTempFile(mountPoint.getParent(), "tmpfs-shell", ".err");
            List<String> command = new ArrayList<>(namespace);
            command.addAll(List.of("bash", "--noprofile", "--norc", "-s"));
            Process process;
            try {
                process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            } catch (IOException e) {
                refusals.append(String.join(" ", namespace)).append(": ").append(e.getMessage()).append("; ");
                continue;
            }
            TmpfsShell shell = new TmpfsShell(process, errors);
            Result mounted = shell.tryRun("mount -t tmpfs -o size=" + bytes + " tmpfs " + quote(mountPoint.toString()));
            if (mounted != null && mounted.exitCode() == 0) {
                return shell;
            }
            String refusal = Files.readString(errors).strip().replaceAll("\\s*\\R\\s*", " | ");
            shell.close();
            refusals.append(String.join(" ", namespace)).append(": ").append(refusal).append("; ");
        }
        throw new AssertionError("the disk-full test needs a small tmpfs in a mount namespace of its own: `unshare`"
                + " (util-linux) and `mount`, and either unprivileged user namespaces (sysctl"
                + " user.max_user_namespaces > 0, kernel.unprivileged_userns_clone = 1 where it exists, and on Ubuntu"
                + " kernel.apparmor_restrict_unprivileged_userns = 0) or running as root. Tried: " + refusals);
    }

    /** Runs {@code command} (one line of bash) and waits for it. */
    Result run(String command) throws IOException {
        Result result = tryRun(command);
        if (result == null) {
            throw new IllegalStateException("the tmpfs shell ended while running " + command + ": "
                    + Files.readString(errors));
        }
        return result;
    }

    /** Runs {@code command}; null if the shell ended (it could not be started, or the command ended it). */
    private Result tryRun(String command) throws IOException {
        try {
            commands.write(command + "\necho \"" + DONE + " $?\"\n");
            commands.flush();
        } catch (IOException e) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(DONE + " ")) {
                return new Result(Integer.parseInt(line.substring(DONE.length() + 1)), out.toString());
            }
            out.append(line).append('\n');
        }
        return null;
    }

    /** {@code text} as one single-quoted word of the shell. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Ends the shell and whatever it still runs; the tmpfs goes with it. */
    @Override
    public void close() throws IOException {
        try {
            commands.close();
        } catch (IOException e) {
            // The shell has ended already.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
