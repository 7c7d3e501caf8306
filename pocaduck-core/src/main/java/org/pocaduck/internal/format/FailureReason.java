package org.pocaduck.internal.format;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why an operation failed, for a message of one line. DuckDB reports a full disk in many shapes — a failed write, a
 * failed commit, a checkpoint that "invalidated the database", an asynchronous write quoted as JSON — that bury the one
 * fact that matters, and Java reports it without the file; each becomes "no space left on device writing FILE". A
 * query whose reason DuckDB's driver dropped is said to be one.
 */
public final class FailureReason {
    /** The operating system's texts for ENOSPC and EDQUOT, which DuckDB and Java pass on as they are. */
    private static final Pattern FULL = Pattern.compile("No space left on device|Disk quota exceeded");
    /** How DuckDB names the file it could not write: {@code file "PATH": }, the quotes escaped inside JSON. */
    private static final Pattern DUCKDB_FILE = Pattern.compile("file \\\\?\"(.+?)\\\\?\": ");
    /** All that DuckDB's driver (2.0) says of a streamed query that failed before its first row. */
    private static final String REASON_LOST = "Invalid Input Error: Invalid result set";

    private FailureReason() {
    }

    /** The reason {@code e} gives: its message, or the full disk and the file found anywhere in its causes. */
    public static String of(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            Matcher full = FULL.matcher(message == null ? "" : message);
            if (full.find()) {
                Matcher duckDbFile = DUCKDB_FILE.matcher(message);
                String file = cause instanceof FileSystemException named ? named.getFile()
                        : duckDbFile.find() ? duckDbFile.group(1) : null;
                String reason = full.group().toLowerCase(Locale.ROOT);
                return file == null ? reason : reason + " writing " + file;
            }
            if (REASON_LOST.equals(message)) {
                return "DuckDB stopped a query and its driver gave no reason (\"" + message + "\": it drops the reason"
                        + " of a streamed query that fails before its first row)";
            }
        }
        return e.getMessage();
    }

    /** A failure to write {@code file} that names it: Java's own write errors say only what went wrong. */
    public static IOException naming(Path file, IOException e) {
        if (e instanceof FileSystemException) {
            return e;
        }
        FileSystemException named = new FileSystemException(file.toString(), null, e.getMessage());
        named.initCause(e);
        return named;
    }
}
