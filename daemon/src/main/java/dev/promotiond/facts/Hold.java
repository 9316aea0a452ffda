package dev.promotiond.facts;

import java.time.Instant;

/** A version held after a rollback: not ready for Production until an operator clears the hold. */
public record Hold(String component, String version, Instant since, String reason) {
}
