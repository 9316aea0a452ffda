package dev.promotiond.facts;

import java.util.List;

/** What the rules decided in one cycle. */
public record Verdicts(List<CriterionResult> criteria, List<SoakVerdict> soaks) {
    public Verdicts {
        criteria = List.copyOf(criteria);
        soaks = List.copyOf(soaks);
    }
}
