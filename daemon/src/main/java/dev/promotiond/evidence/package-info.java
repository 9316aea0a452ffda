/**
 * Evidence from outside the daemon: CI reports parsed into facts with provenance, and declared stages
 * read from MATURITY.md files; {@link dev.promotiond.evidence.EvidenceBook} and
 * {@link dev.promotiond.evidence.StageBook} keep what was accepted. The parsers import only facts
 * (and Jackson for JSON); the books also use store and config. {@link dev.promotiond.evidence.EvidenceIntake}
 * is the {@link dev.promotiond.evidence.Intake} the API hands uploads and deployment records to.
 */
package dev.promotiond.evidence;
