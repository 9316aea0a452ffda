package dev.promotiond.store;

/** The store file cannot be opened, read or written. The message names the file. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
