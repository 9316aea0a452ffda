package dev.promotiond.store;

import java.time.Instant;

/** An alert that is active (firing or being resolved), kept so it survives a restart. */
public record StoredAlert(String fingerprint, String alertname, String component, String payload, Instant startsAt,
                          Instant lastSentAt, boolean delivered) {
}
