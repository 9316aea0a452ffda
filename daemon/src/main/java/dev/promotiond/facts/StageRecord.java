package dev.promotiond.facts;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a component stands on the ladder, by source: the declared stage (config, or a MATURITY.md
 * when one is configured and readable) and the recorded stage (the latest deployment record).
 * The recorded stage is what was done, so it wins when present; a difference is drift.
 *
 * @param declaredSource  "config" or the MATURITY.md path
 * @param declaredNote    what reading the declared source said ("stub: document has moved"), or null
 * @param declaredSince   the date the declared source says the stage was entered, or null
 * @param recorded        the stage of the latest deployment record, or null when none
 * @param recordedVersion the version of that record, or null
 * @param recordedAt      when that record says it happened, or null
 */
public record StageRecord(String component, Stage declared, String declaredSource, String declaredNote,
                          java.time.LocalDate declaredSince, Stage recorded, String recordedVersion,
                          Instant recordedAt) {
    public StageRecord {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(declared, "declared");
        Objects.requireNonNull(declaredSource, "declaredSource");
    }

    /** The stage the component is judged in: the recorded one when there is a record, else the declared one. */
    public Stage effective() {
        return recorded != null ? recorded : declared;
    }

    /** True when a deployment record exists and disagrees with the declared stage. */
    public boolean drift() {
        return recorded != null && recorded != declared;
    }
}
