package dev.promotiond.cycle;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.LedgerView;
import java.util.List;
import java.util.Map;

/**
 * Everything published about one component by one cycle.
 *
 * @param soakVerdict the rules' judgement of the current soak, or null when no rule judged one
 * @param slis        the component's SLIs as read for this cycle, by name
 * @param breaches    Production SLA breaches the rules found in this cycle
 */
public record ComponentStatus(ComponentConfig config, LedgerView ledger, SoakVerdict soakVerdict,
                              Map<Stage, TargetStatus> targets, List<Sli> slis, List<Breach> breaches) {
    public ComponentStatus {
        targets = Map.copyOf(targets);
        slis = List.copyOf(slis);
        breaches = List.copyOf(breaches);
    }

    public String name() {
        return config.name();
    }

    public TargetStatus target(Stage stage) {
        return targets.get(stage);
    }
}
