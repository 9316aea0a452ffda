/**
 * Evidence from outside the daemon: CI reports parsed into facts with provenance, and declared stages
 * read from MATURITY.md files. Imports only facts (and Jackson for JSON).
 */
package dev.promotiond.evidence;
