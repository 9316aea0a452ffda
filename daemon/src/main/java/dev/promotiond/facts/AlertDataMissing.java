package dev.promotiond.facts;

import java.util.Objects;

/**
 * The rules' word that the facts an alert depends on are unknown for a component this cycle (its
 * source is down, its SLI has no usable sample, its soak has no verdict). An alert of that name and
 * component that is firing keeps firing and says since when its data is missing; without such a
 * fact, an alert the rules no longer ask for has a known-clear condition and resolves.
 *
 * @param alertname the alert it concerns, e.g. "ProductionGuardTripped"
 * @param reason    what is missing, for the alert's description ("error_ratio unknown: ...")
 */
public record AlertDataMissing(String alertname, String component, String reason, String rule) {
    public AlertDataMissing {
        Objects.requireNonNull(alertname, "alertname");
        component = component == null ? "" : component;
        reason = reason == null || reason.isBlank() ? "the facts behind the alert are unknown" : reason;
        rule = rule == null ? "" : rule;
    }

    /** Identifies the alert this concerns, as {@code alertname/component}. */
    public String key() {
        return alertname + "/" + component;
    }
}
