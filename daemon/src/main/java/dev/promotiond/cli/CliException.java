package dev.promotiond.cli;

/** A failure the user should read as a message (no stack trace), with the exit code to use. */
final class CliException extends RuntimeException {
    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
