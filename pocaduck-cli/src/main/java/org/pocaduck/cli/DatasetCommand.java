package org.pocaduck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.pocaduck.PocaduckException;
import org.pocaduck.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A subcommand working on the dataset at {@code --base}. A user error — no dataset there, a value the library rejects,
 * a file that cannot be written — ends with exit code 1 and one line on stderr; the stack trace only with
 * {@code --verbose}, since it helps no one who just mistyped a path.
 * <p>Subclasses inherit this {@code @Command}: every subcommand has {@code --help} and {@code --version}.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = PomVersionProvider.class)
abstract class DatasetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, paramLabel = "BASE",
            description = "The dataset: a local directory, a file: URI, or (for reading) s3://, gs:// or az://.")
    String base;

    @Mixin
    StorageOptions storage;

    @Option(names = "--verbose", description = "On an error, print its stack trace too.")
    boolean verbose;

    private int exitCode;

    /** Does the command's work; output goes to {@link #out()}. */
    protected abstract void run(StorageConfig config) throws IOException;

    /** Ends with {@code code} instead of 0 once {@link #run} returns: for a command whose answer is "no". */
    protected void exitWith(int code) {
        exitCode = code;
    }

    @Override
    public final Integer call() {
        try {
            run(storage.configFor(base));
            return exitCode;
        } catch (PocaduckException | IllegalArgumentException | IOException | UncheckedIOException e) {
            return reportUserError(spec, e, verbose);
        } finally {
            out().flush();
            spec.commandLine().getErr().flush();
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints a user error as one line (and its stack trace with {@code --verbose}); returns the exit code 1. */
    static int reportUserError(CommandSpec spec, Exception e, boolean verbose) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": " + oneLine(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        return 1;
    }

    private static String oneLine(Exception e) {
        // An I/O exception's message is often just a path; its class says what went wrong with it.
        boolean bare = e.getMessage() == null || e instanceof IOException || e instanceof UncheckedIOException;
        String message = bare ? e.getClass().getSimpleName() : e.getMessage();
        if (bare && e.getMessage() != null) {
            message += ": " + e.getMessage();
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
