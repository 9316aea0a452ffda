package dev.promotiond.actions;

import java.util.Objects;

/**
 * What to roll back: {@code component} is running {@code version} in {@code stage} and should go
 * back to {@code previousVersion}, which is null when the daemon does not know it. {@code reason}
 * is free text for people and receivers (may be null); executors never put it on a command line.
 */
public record RollbackRequest(String component, String version, String previousVersion, String stage, String reason) {
    public RollbackRequest {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stage, "stage");
    }
}
