package dev.promotiond.facts;

/**
 * A rollback the daemon can carry out for a component (from its config).
 *
 * @param mechanism "command" or "webhook"
 * @param target    the command line or the webhook URL, as shown to people
 * @param dryRun    whether it only records what it would do
 */
public record RollbackPlan(String component, String mechanism, String target, boolean dryRun) {
}
