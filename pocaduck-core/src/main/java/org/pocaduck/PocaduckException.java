package org.pocaduck;

/** Base of the library's unchecked exceptions: a dataset, an index or a file is not as expected. */
public class PocaduckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PocaduckException(String message) {
        super(message);
    }

    public PocaduckException(String message, Throwable cause) {
        super(message, cause);
    }
}
