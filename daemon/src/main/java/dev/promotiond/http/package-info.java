/**
 * The HTTP client plumbing every outbound caller shares (health probe, PromQL, Alertmanager, rollback
 * webhook, the CLI): one way to build an OkHttp client (timeouts, no hidden retries or redirects, a
 * bounded dispatcher, trusted CA file), one capped body read, one short text per transport failure,
 * and one retry backoff that honours {@code Retry-After}. Callers keep their own policy (connection
 * reuse, concurrency, messages); this package only removes the copies. Imports config (for
 * {@link dev.promotiond.config.CaCertificates}) and OkHttp; nothing here starts threads at construction.
 */
package dev.promotiond.http;
