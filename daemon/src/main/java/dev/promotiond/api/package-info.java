/**
 * The JSON API and /healthz on the daemon's one port (beside /metrics). Routes read the last
 * published evaluation and the store; they never evaluate. Errors become JSON with a message and
 * an HTTP status in one place ({@link dev.promotiond.api.ApiRouter}). One small class per route
 * ({@code *Route}, listed in {@link dev.promotiond.api.ApiServer}) answers with immutable records, one per JSON
 * shape, whose component order is the field order; lists come as a {@link dev.promotiond.api.Page} with a
 * {@link dev.promotiond.api.Cursor}. JSON is compact unless the request says {@code ?pretty}.
 * Evidence uploads and deployment records go to an {@link dev.promotiond.evidence.Intake}, rule reloads to a
 * {@link dev.promotiond.api.RulesControl}.
 * Imports cycle, evidence, store, config and facts (plus the JDK HTTP server and Jackson).
 */
package dev.promotiond.api;
