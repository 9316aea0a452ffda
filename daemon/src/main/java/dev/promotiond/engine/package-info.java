/**
 * Compiles the operators' DRL files (classic mode, every error with file:line:col) and evaluates a
 * snapshot of facts into verdicts. Imports facts only (plus Drools); no HTTP, metrics, JSON or CLI.
 */
package dev.promotiond.engine;
