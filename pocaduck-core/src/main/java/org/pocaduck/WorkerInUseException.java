package org.pocaduck;

/** Another live {@link Ingestor} (in this or another process) holds the same worker id on the same dataset. */
public class WorkerInUseException extends PocaduckException {
    private static final long serialVersionUID = 1L;

    public WorkerInUseException(String message) {
        super(message);
    }
}
