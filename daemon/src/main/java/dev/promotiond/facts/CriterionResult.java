package dev.promotiond.facts;

import java.time.Instant;
import java.util.Objects;

/**
 * One criterion's verdict for a component and target stage, with its explanation.
 *
 * @param observed   the measured value as shown to people ("99.71%", "5d 3h", "neo4j=Staging"), "-" when none
 * @param threshold  what it was compared with ("≥ 99.5%")
 * @param reason     one line saying why this state
 * @param rule       the DRL rule that produced it
 * @param evidenceAt when the evidence behind it was last seen, or null
 * @param facts      the facts it was judged on, with values and times; for unknown results also the
 *                   missing or stale ones
 * @param waiver     the DRL policy rule that waived this criterion (or, for {@code monitoring}, its alert
 *                   route) for the component, or null when nothing was waived
 */
public record CriterionResult(String component, Stage target, String name, CriterionState state, String observed,
                              String threshold, String reason, String rule, Instant evidenceAt,
                              java.util.List<FactRef> facts, String waiver) {
    public CriterionResult(String component, Stage target, String name, CriterionState state, String observed,
                           String threshold, String reason, String rule, Instant evidenceAt) {
        this(component, target, name, state, observed, threshold, reason, rule, evidenceAt, java.util.List.of());
    }

    public CriterionResult(String component, Stage target, String name, CriterionState state, String observed,
                           String threshold, String reason, String rule, Instant evidenceAt,
                           java.util.List<FactRef> facts) {
        this(component, target, name, state, observed, threshold, reason, rule, evidenceAt, facts, null);
    }

    /** Whether a policy waiver decided this result (wholly, or for monitoring its alert route). */
    public boolean waived() {
        return waiver != null;
    }

    /** The same result with these facts attached (rules' helpers call this; DRL may too). */
    public CriterionResult with(FactRef... refs) {
        java.util.List<FactRef> all;
        if (facts.isEmpty()) {
            all = java.util.List.of(refs);
        } else {
            all = new java.util.ArrayList<>(facts);
            all.addAll(java.util.Arrays.asList(refs));
        }
        return new CriterionResult(component, target, name, state, observed, threshold, reason, rule, evidenceAt, all,
                waiver);
    }

    public CriterionResult {
        facts = facts == null ? java.util.List.of() : java.util.List.copyOf(facts);
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        observed = observed == null ? "-" : SharedText.of(observed);
        threshold = threshold == null ? "-" : SharedText.of(threshold);
        reason = reason == null ? "" : SharedText.of(reason);
        rule = rule == null ? "" : rule;
    }
}
