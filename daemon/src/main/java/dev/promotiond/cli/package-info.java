/**
 * The {@code promotiond} command line (picocli): run, demo, check, evidence push, report, maturity
 * read. The one place where failures
 * become exit codes: 0 success/ready, 1 not ready, 3 unknown, 2 usage, configuration or connection
 * error. May import every other package.
 */
package dev.promotiond.cli;
