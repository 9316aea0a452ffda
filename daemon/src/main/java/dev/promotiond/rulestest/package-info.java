/**
 * rulestest: the offline rule-scenario runner behind {@code promotiond rules test} — reads
 * scenario YAML, plays its timeline through the real ledger, evaluation cycle and action pipeline
 * on a {@link dev.promotiond.clock.ManualClock}, and reports each check. May import cycle, engine,
 * evidence, actions, store, config, facts and clock; only cli and app sit above it.
 */
package dev.promotiond.rulestest;
