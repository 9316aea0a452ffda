package dev.promotiond.facts;

import java.util.Locale;

/** Three states: unknown means the evidence is missing, stale, too sparse or its source is down. */
public enum CriterionState {
    MET, UNMET, UNKNOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
