package dev.promotiond.facts;

import java.util.List;

/**
 * What the rules decided in one cycle.
 *
 * @param dataMissing alerts whose facts are unknown this cycle (a firing one keeps firing)
 */
public record Verdicts(List<CriterionResult> criteria, List<SoakVerdict> soaks, List<Breach> breaches,
                       List<ActionRequest> actions, List<AlertDataMissing> dataMissing) {
    public Verdicts(List<CriterionResult> criteria, List<SoakVerdict> soaks, List<Breach> breaches,
                    List<ActionRequest> actions) {
        this(criteria, soaks, breaches, actions, List.of());
    }

    public Verdicts {
        dataMissing = List.copyOf(dataMissing);
        actions = List.copyOf(actions);
        breaches = List.copyOf(breaches);
        criteria = List.copyOf(criteria);
        soaks = List.copyOf(soaks);
    }
}
