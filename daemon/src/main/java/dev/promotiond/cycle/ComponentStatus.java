package dev.promotiond.cycle;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.LedgerView;
import java.util.Map;

/**
 * Everything published about one component by one cycle.
 *
 * @param soakVerdict the rules' judgement of the current soak, or null when no rule judged one
 */
public record ComponentStatus(ComponentConfig config, LedgerView ledger, SoakVerdict soakVerdict,
                              Map<Stage, TargetStatus> targets) {
    public ComponentStatus {
        targets = Map.copyOf(targets);
    }

    public String name() {
        return config.name();
    }

    public TargetStatus target(Stage stage) {
        return targets.get(stage);
    }
}
