package dev.promotiond.api;

/** A request the API refuses; becomes {@code {"error": message}} with this status. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }
}
