package dev.promotiond.facts;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One health probe outcome. A probe is UP or DOWN; a slot with no observation (daemon stopped,
 * probe not scheduled) is a gap and never becomes an Observation.
 *
 * @param version the running version read from the body, or null when not configured or unreadable
 * @param reason  short machine-readable reason: "ok", "status 503", "timeout", "refused", "unhealthy: degraded", ...
 */
public record Observation(String component, Instant at, boolean up, String reason, String version, Duration latency) {
    public Observation {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(latency, "latency");
        at = at.truncatedTo(ChronoUnit.MILLIS); // the store keeps milliseconds; memory must agree after a restart
    }
}
