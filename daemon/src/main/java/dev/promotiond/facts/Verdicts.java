package dev.promotiond.facts;

import java.util.List;

/** What the rules decided in one cycle. */
public record Verdicts(List<CriterionResult> criteria, List<SoakVerdict> soaks, List<Breach> breaches,
                       List<ActionRequest> actions) {
    public Verdicts {
        actions = List.copyOf(actions);
        breaches = List.copyOf(breaches);
        criteria = List.copyOf(criteria);
        soaks = List.copyOf(soaks);
    }
}
