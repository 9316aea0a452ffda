package dev.promotiond.actions;

/**
 * Carries out one rollback. {@link #execute} blocks until the rollback finished, failed or timed
 * out; whatever the remote side does (non-zero exit, HTTP error, refused connection, hang) comes
 * back as a {@link RollbackResult}, never as an exception. Implementations may be called from
 * several threads at once.
 */
public interface RollbackExecutor {
    RollbackResult execute(RollbackRequest request);

    /** One short line for the audit log, e.g. {@code command /usr/local/bin/rollback}; no secrets. */
    String describe();
}
