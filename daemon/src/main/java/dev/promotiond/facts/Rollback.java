package dev.promotiond.facts;

import java.time.Instant;
import java.util.Objects;

/**
 * A rollback the daemon already claimed (at most one per component and version, kept in the
 * store across restarts), so the rules can cap automatic rollbacks per component.
 *
 * @param outcome    "started", "success", "failed", "dry_run", "no_executor", ...
 * @param ageSeconds seconds from {@code at} to the cycle's instant
 */
public record Rollback(String component, String version, Instant at, String outcome, long ageSeconds) {
    public Rollback {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(at, "at");
    }
}
