/**
 * The durable ledger: probe outcomes in minute buckets, soaks and stage/version history in SQLite
 * (WAL), and the in-memory windows derived from them incrementally (O(1) per observation).
 * Imports facts only (plus JDBC); no HTTP, metrics, JSON or CLI.
 */
package dev.promotiond.store;
