package dev.promotiond.facts;

/**
 * A data source's health this cycle (e.g. "prometheus"), so rules can warn when it is down. While a
 * source is down, its facts are unknown: never a reason to act.
 */
public record SourceStatus(String source, boolean up, String reason) {
}
