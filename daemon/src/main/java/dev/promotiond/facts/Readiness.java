package dev.promotiond.facts;

import java.util.Locale;

/**
 * A component's answer for one target stage. {@link #NOT_APPLICABLE}: the component is already at or
 * above the target, so there is no promotion to judge (its criteria are still shown, never "ready").
 */
public enum Readiness {
    READY, NOT_READY, UNKNOWN, NOT_APPLICABLE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Not applicable when {@code current} is at or above {@code target}; otherwise {@link #of(Iterable)}. */
    public static Readiness of(Stage current, Stage target, Iterable<CriterionResult> criteria) {
        if (current != null && current.atLeast(target)) {
            return NOT_APPLICABLE;
        }
        return of(criteria);
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
