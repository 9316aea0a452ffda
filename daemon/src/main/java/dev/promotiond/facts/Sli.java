package dev.promotiond.facts;

import java.time.Instant;
import java.util.Objects;

/**
 * One service-level indicator of a component, as last read from its source (e.g. Prometheus).
 * An SLI is either known (a finite value with the time of its sample) or unknown with a precise
 * reason ("Prometheus unreachable: connection refused", "empty result", "2 series, expected 1",
 * "sample 12m old, limit 5m"): never 0, never a guess.
 *
 * @param name     e.g. "latency_p95_seconds", "error_ratio", "request_rate"
 * @param value    the value, or null when unknown
 * @param sampleAt the sample's timestamp, or null when unknown
 * @param source   where it came from, e.g. "prometheus"
 * @param query    the query that produced it (for explanations), or null
 * @param reason   why it is unknown, or null when known
 * @param version  the version whose own running time the value covers (an SLI judged for a
 *                 version counts only that version's data), or null when not tied to a version
 */
public record Sli(String component, String name, Double value, Instant sampleAt, String source, String query,
                  String reason, String version) {
    public Sli {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (value != null && (value.isNaN() || value.isInfinite())) {
            throw new IllegalArgumentException("an SLI value must be finite; use unknown with a reason");
        }
        if (value == null && reason == null) {
            throw new IllegalArgumentException("an unknown SLI needs a reason");
        }
    }

    public static Sli known(String component, String name, double value, Instant sampleAt, String source, String query) {
        return new Sli(component, name, value, sampleAt, source, query, null, null);
    }

    public static Sli unknown(String component, String name, String source, String query, String reason) {
        return new Sli(component, name, null, null, source, query, reason, null);
    }

    /** This SLI, judged for {@code version}: its value covers only that version's time. */
    public Sli forVersion(String version) {
        return new Sli(component, name, value, sampleAt, source, query, reason, version);
    }

    /** This SLI made unknown for {@code version}, because its value does not cover only that version. */
    public Sli unknownFor(String version, String reason) {
        return new Sli(component, name, null, null, source, query, reason, version);
    }

    public boolean known() {
        return value != null;
    }
}
