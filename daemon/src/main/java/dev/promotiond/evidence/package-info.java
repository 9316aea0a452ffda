/**
 * Evidence from outside the daemon: CI reports parsed into facts with provenance, and declared stages
 * read from MATURITY.md files; {@link dev.promotiond.evidence.EvidenceBook} and
 * {@link dev.promotiond.evidence.StageBook} keep what was accepted. The parsers import only facts
 * (and Jackson for JSON); the books also use store and config.
 */
package dev.promotiond.evidence;
