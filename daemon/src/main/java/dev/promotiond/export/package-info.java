/**
 * Prometheus metrics: gauges built from the last published evaluation at scrape time (never by
 * evaluating), and counters/histograms of probes and cycles. Labels are bounded: component,
 * target_stage, criterion, state, window, outcome, reason family; versions only in info metrics.
 * Imports cycle, store, config and facts (plus prometheus client_java).
 */
package dev.promotiond.export;
