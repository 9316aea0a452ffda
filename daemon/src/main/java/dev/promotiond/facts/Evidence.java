package dev.promotiond.facts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The latest CI evidence of one kind for a component, with its provenance. Values use the canonical
 * names of the report parsers ({@code line_coverage_percent}, {@code failures}, {@code severity_high},
 * {@code check.readme}, ...).
 *
 * @param version  the version (or build) the evidence was produced for
 * @param commit   the commit it was produced from, or null
 * @param kind     the gate it feeds: unit, integration, e2e, lint, types, security, docs, rollback-test, load-test,
 *                 vulnerabilities, outdated, blockers
 * @param tool     the tools that wrote the reports ("pytest+coverage.py")
 * @param sha256   hash of the uploaded content
 * @param notes    what the counts count, one line each, for reasons: "critical GHSA-… (pkg 1.0)",
 *                 "requests 2.28.0 → 2.32.3", "OPS-12 Freeze until audit"; empty for most kinds
 */
public record Evidence(String component, String version, String commit, String kind, String tool, Instant receivedAt,
                       String sha256, Map<String, Double> values, List<String> notes) {
    public Evidence(String component, String version, String commit, String kind, String tool, Instant receivedAt,
                    String sha256, Map<String, Double> values) {
        this(component, version, commit, kind, tool, receivedAt, sha256, values, List.of());
    }

    public Evidence {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(receivedAt, "receivedAt");
        tool = tool == null ? "" : tool;
        sha256 = sha256 == null ? "" : sha256;
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The named value, or null when the evidence does not carry it. */
    public Double value(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * Whether this evidence was produced for {@code running}: the same version, or the same commit
     * (a running version that is a commit hash, or a prefix of at least 7 characters of it).
     */
    public boolean isFor(String running) {
        if (running == null) {
            return false;
        }
        if (running.equals(version)) {
            return true;
        }
        return commit != null && running.length() >= 7 && commit.startsWith(running);
    }
}
