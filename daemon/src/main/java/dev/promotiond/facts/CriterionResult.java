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
 */
public record CriterionResult(String component, Stage target, String name, CriterionState state, String observed,
                              String threshold, String reason, String rule, Instant evidenceAt) {
    public CriterionResult {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        observed = observed == null ? "-" : observed;
        threshold = threshold == null ? "-" : threshold;
        reason = reason == null ? "" : reason;
        rule = rule == null ? "" : rule;
    }
}
