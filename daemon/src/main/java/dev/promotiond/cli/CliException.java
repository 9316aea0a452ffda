package dev.promotiond.cli;

/** A failure the user should read as a message (no stack trace), with the exit code to use. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
