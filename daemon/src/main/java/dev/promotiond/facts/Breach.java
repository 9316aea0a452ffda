package dev.promotiond.facts;

import java.time.Instant;

/**
 * A Production component outside its SLA right now, as decided by the rules (only from known
 * values: an unknown SLI is never a breach). The actions pipeline decides what to do about it.
 *
 * @param name      the breached SLI or criterion, e.g. "latency_p95_seconds"
 * @param observedAt when the breaching sample was taken
 * @param version    the version breaching, on its own data; null when the SLI is not tied to one
 */
public record Breach(String component, String name, String observed, String threshold, String reason, String rule,
                     Instant observedAt, String version) {
}
