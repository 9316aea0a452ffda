package dev.promotiond.facts;

import java.util.List;

/** What the rules decided in one cycle. */
public record Verdicts(List<CriterionResult> criteria, List<SoakVerdict> soaks, List<Breach> breaches) {
    public Verdicts {
        breaches = List.copyOf(breaches);
        criteria = List.copyOf(criteria);
        soaks = List.copyOf(soaks);
    }
}
