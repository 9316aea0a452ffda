package dev.promotiond.store;

import dev.promotiond.facts.Stage;
import java.time.Instant;

/** A soak as stored: one row per (component, stage, version, start). */
record SoakRow(String component, Stage stage, String version, Instant startedAt, long up, long down, Instant lastAt) {
}
