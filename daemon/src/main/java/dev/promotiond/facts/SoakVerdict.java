package dev.promotiond.facts;

import java.util.Objects;

/**
 * The rules' judgement of a component's current soak. Thresholds (required soak, budget) come from
 * the DRL, so outputs such as {@code promotiond_soak_required_seconds} read them from here.
 *
 * @param budgetSeconds      DOWN seconds the soak may spend (e.g. 0.5% of 7 days = 3024 s)
 * @param budgetSpentSeconds DOWN seconds spent in the budget window
 */
public record SoakVerdict(String component, SoakState state, long requiredSeconds, long budgetSeconds,
                          long budgetSpentSeconds, String reason, String rule) {
    public SoakVerdict {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        rule = rule == null ? "" : rule;
    }

    /** 1 - spent / budget, clamped to 0..1. */
    public double budgetRemainingRatio() {
        if (budgetSeconds <= 0) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(1.0, 1.0 - (double) budgetSpentSeconds / budgetSeconds));
    }
}
