/**
 * replay: {@code promotiond rules replay} — runs a rule set over a store's recorded history and a
 * Prometheus range (or no Prometheus) to show what it would have decided, offline and without
 * actions. May import promql, engine, store, config and facts; only cli sits above it.
 */
package dev.promotiond.replay;
