package dev.promotiond.facts;

import java.util.Locale;

/** A component's answer for one target stage. */
public enum Readiness {
    READY, NOT_READY, UNKNOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every criterion met → ready; any unmet → not ready; otherwise (some unknown, or none) unknown. */
    public static Readiness of(Iterable<CriterionResult> criteria) {
        boolean any = false;
        boolean unknown = false;
        for (CriterionResult c : criteria) {
            any = true;
            if (c.state() == CriterionState.UNMET) {
                return NOT_READY;
            }
            if (c.state() == CriterionState.UNKNOWN) {
                unknown = true;
            }
        }
        return any && !unknown ? READY : UNKNOWN;
    }
}
