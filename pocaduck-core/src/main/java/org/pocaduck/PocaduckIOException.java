package org.pocaduck;

/** Reading or writing storage failed; the message names the file and the operation. */
public class PocaduckIOException extends PocaduckException {
    private static final long serialVersionUID = 1L;

    public PocaduckIOException(String message, Throwable cause) {
        super(message, cause);
    }
}
