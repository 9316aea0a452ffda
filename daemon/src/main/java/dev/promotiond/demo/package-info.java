/**
 * demo: the embedded demo behind {@code promotiond demo} — a config with demo components, seeded
 * history and evidence, and synthetic traffic for their SLIs, handed to the composition root to run.
 * May import store, config and facts; only cli sits above it.
 */
package dev.promotiond.demo;
