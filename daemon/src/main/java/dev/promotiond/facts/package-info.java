/**
 * Immutable facts and verdicts: what sources observed, what the rules decided. Every other package
 * may import this one; it imports nothing of the project's and no library (no HTTP, metrics, JSON,
 * CLI). DRL files read these records' accessors directly.
 */
package dev.promotiond.facts;
