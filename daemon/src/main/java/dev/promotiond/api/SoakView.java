package dev.promotiond.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SoakVerdict;

/**
 * The soak of the running version; the verdict's fields (state, error budget, reason, rule) follow
 * the counts only once the rules judged it, and are absent before.
 */
record SoakView(String version, String stage, String startedAt, long observedSeconds, long wallSeconds, long up,
                long down, Double ratio, double coverage, @JsonUnwrapped Verdict verdict) {

    record Verdict(String state, long requiredSeconds, long errorBudgetSeconds, long errorBudgetSpentSeconds,
                   double errorBudgetRemainingRatio, String reason, String rule) {
    }

    /** Null when nothing soaks. */
    static SoakView of(Soak s, SoakVerdict v) {
        if (s == null) {
            return null;
        }
        Verdict verdict = v == null ? null : new Verdict(v.state().label(), v.requiredSeconds(), v.budgetSeconds(),
                v.budgetSpentSeconds(), v.budgetRemainingRatio(), v.reason(), v.rule());
        return new SoakView(s.version(), s.stage().label(), ApiTime.text(s.startedAt()), s.observedSeconds(),
                s.wallSeconds(), s.up(), s.down(), Double.isNaN(s.ratio()) ? null : s.ratio(),
                s.wallSeconds() == 0 ? 1.0 : Math.min(1.0, (double) s.observedSeconds() / s.wallSeconds()), verdict);
    }
}
