/**
 * Compiles the operators' DRL files (classic mode, every error with file:line:col) and evaluates a
 * snapshot of facts into verdicts; finds the rules folder ({@link dev.promotiond.engine.RulesFolder}), copying
 * the rules bundled in the jar out when none is configured. Imports config and facts only (plus Drools);
 * no HTTP, metrics, JSON or CLI.
 */
package dev.promotiond.engine;
