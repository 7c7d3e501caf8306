package org.pocaduck;

/** The location holds no dataset, or one that has never been consolidated and so cannot be queried yet. */
public class DatasetNotFoundException extends PocaduckException {
    private static final long serialVersionUID = 1L;

    public DatasetNotFoundException(String message) {
        super(message);
    }
}
