/**
 * One evaluation cycle: read the clock once, snapshot the ledger into facts, run the rules and
 * publish the verdicts atomically as an immutable {@link dev.promotiond.cycle.Evaluation}. API and
 * metrics read the last published evaluation; they never evaluate on the request path.
 * Imports engine, promql (uptime derived from Prometheus SLIs), store, config and facts.
 */
package dev.promotiond.cycle;
