package dev.promotiond.store;

import dev.promotiond.facts.Stage;

/**
 * A run as stored: consecutive probes of one component with the same outcome, version and stage,
 * with no gap longer than one and a half probe intervals between them.
 *
 * @param fromMillis the first probe's time, epoch milliseconds
 * @param toMillis   the last probe's time, epoch milliseconds
 * @param probes     how many probes the run holds (at least 1)
 */
record RunRow(String component, Stage stage, String version, boolean up, long fromMillis, long toMillis, int probes) {
}
