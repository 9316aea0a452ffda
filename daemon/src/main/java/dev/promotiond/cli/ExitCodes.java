package dev.promotiond.cli;

/** The CLI's exit codes, part of the user-facing contract. */
final class ExitCodes {
    static final int OK = 0;
    static final int NOT_READY = 1;
    static final int ERROR = 2;
    static final int UNKNOWN = 3;

    private ExitCodes() {
    }
}
