/**
 * Prometheus SLI source: renders each component's PromQL templates, asks Prometheus for instant
 * values and turns every answer into an {@link dev.promotiond.facts.Sli}: a finite value with its
 * sample time, or unknown with a precise reason. Remote failures (unreachable, timeout, HTTP
 * status, PromQL error, empty or ambiguous result, NaN, stale sample) are data, never exceptions,
 * and never a 0. Also derives uptime windows from
 * those SLIs ({@link dev.promotiond.promql.PrometheusUptime}). Imports http, config and facts only (plus OkHttp,
 * Jackson and SLF4J).
 */
package dev.promotiond.promql;
