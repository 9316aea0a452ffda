package dev.promotiond.store;

import java.time.Duration;
import java.time.Instant;

/**
 * One audited action: an alert sent or resolved, a rollback attempted (or what a dry run would do).
 *
 * @param kind    "alert" or "rollback"
 * @param outcome e.g. "sent", "resolved", "send_failed", "success", "failed", "timeout", "dry_run", "skipped",
 *                "unknown (interrupted)" (promotiond stopped while it ran)
 * @param detail  one readable line: labels, executor, exit code, output tail
 */
public record ActionRecord(long id, Instant at, String kind, String component, String name, String outcome,
                           String detail, Duration took) {
    /** The kind of a rollback, in the audit log and in the at-most-once claims. */
    public static final String ROLLBACK_KIND = "rollback";
}
