package dev.promotiond.store;

import java.sql.SQLException;

/**
 * The store file cannot be opened, read or written. The message names the file; {@link #failure()}
 * says why in terms a client can act on, so the API can answer "full" or "read-only" instead of an
 * internal error.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Why the store failed, from SQLite's primary result code. */
    public enum Failure {
        /** SQLITE_FULL: the disk (or the database's size limit) is full. */
        FULL("the store is full"),
        /** SQLITE_READONLY (and SQLITE_PERM, SQLITE_CANTOPEN): the file or its folder cannot be written. */
        READ_ONLY("the store is read-only"),
        /** SQLITE_IOERR: the operating system failed a read or write. */
        IO_ERROR("the store had an I/O error"),
        /** SQLITE_BUSY, SQLITE_LOCKED: another process or connection holds the lock; worth retrying. */
        BUSY("the store is busy"),
        OTHER("the store failed");

        private final String text;

        Failure(String text) {
            this.text = text;
        }

        /** A short phrase for a client: "the store is full". */
        public String text() {
            return text;
        }
    }

    private final Failure failure;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
        this.failure = classify(cause);
    }

    public Failure failure() {
        return failure;
    }

    /** By the first SQLException in the chain: sqlite-jdbc reports the (extended) result code as its error code. */
    static Failure classify(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                return switch (e.getErrorCode() & 0xff) {
                    case 13 -> Failure.FULL;            // SQLITE_FULL
                    case 8, 3, 14 -> Failure.READ_ONLY; // SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN
                    case 10 -> Failure.IO_ERROR;        // SQLITE_IOERR_*
                    case 5, 6 -> Failure.BUSY;          // SQLITE_BUSY, SQLITE_LOCKED
                    default -> Failure.OTHER;
                };
            }
            if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return Failure.FULL; // an IOException from the file system, e.g. while creating the file
            }
        }
        return Failure.OTHER;
    }
}
