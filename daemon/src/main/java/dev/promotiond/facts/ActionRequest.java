package dev.promotiond.facts;

import java.util.Objects;

/**
 * What the rules want done this cycle. Java carries it out through the action pipeline
 * (debounce → dedupe → hold → execute → record); a request that is not repeated in a later cycle
 * means its condition cleared (an alert resolves).
 *
 * @param kind        {@link #ALERT} or {@link #ROLLBACK}
 * @param name        the alert name ("PromotionSoakFailed"), or the guard that asks for a rollback
 * @param severity    "page" or "warning" (alerts)
 * @param forSeconds  how long the condition must hold, cycle after cycle, before it acts
 * @param version     the version concerned (a rollback rolls this version back), or null
 */
public record ActionRequest(String kind, String component, String name, String severity, Stage stage,
                            Stage targetStage, String version, String summary, String description, long forSeconds,
                            String rule) {
    public static final String ALERT = "alert";
    public static final String ROLLBACK = "rollback";

    public ActionRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (!kind.equals(ALERT) && !kind.equals(ROLLBACK)) {
            throw new IllegalArgumentException("kind must be alert or rollback, not " + kind);
        }
        component = component == null ? "" : component;
        severity = severity == null ? "warning" : severity;
        summary = summary == null ? name : summary;
        description = description == null ? "" : description;
        rule = rule == null ? "" : rule;
    }

    /**
     * Identifies the same request across cycles (for debounce and dedupe). The version is part of
     * it: a request's {@code for} belongs to one version and starts again at any version change.
     */
    public String key() {
        return kind + "/" + name + "/" + component + "/" + (version == null ? "" : version);
    }
}
