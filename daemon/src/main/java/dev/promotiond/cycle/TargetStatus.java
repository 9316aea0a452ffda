package dev.promotiond.cycle;

import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Stage;
import java.util.List;

/** A component's answer for one target stage and the criteria behind it. */
public record TargetStatus(Stage target, Readiness state, List<CriterionResult> criteria) {
    public TargetStatus {
        criteria = List.copyOf(criteria);
    }
}
