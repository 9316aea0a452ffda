package dev.promotiond.cycle;

import dev.promotiond.facts.Component;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.StageRecord;

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
 * @param stage       the component as the rules saw it (effective stage, judged version)
 * @param stageRecord declared and recorded stage, or null when no stage source was consulted
 * @param evidence    one CI evidence of each kind: the running version's, or else the newest (stale)
 */
public record ComponentStatus(ComponentConfig config, LedgerView ledger, SoakVerdict soakVerdict,
                              Map<Stage, TargetStatus> targets, List<Sli> slis, List<Breach> breaches,
                              Component stage, StageRecord stageRecord, List<Evidence> evidence) {
    public ComponentStatus(ComponentConfig config, LedgerView ledger, SoakVerdict soakVerdict,
                           Map<Stage, TargetStatus> targets, List<Sli> slis, List<Breach> breaches) {
        this(config, ledger, soakVerdict, targets, slis, breaches, null, null, List.of());
    }

    public ComponentStatus {
        evidence = List.copyOf(evidence);
        // in stage order, so every rendering (and a follower's copy read back from the store) lists them alike
        targets = targets.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(targets));
        slis = List.copyOf(slis);
        breaches = List.copyOf(breaches);
    }

    /** The stage the component was judged in. */
    public Stage currentStage() {
        return stage != null ? stage.stage() : config.stage();
    }

    /** The version the component was judged at (running, or from its deployment record), or null. */
    public String judgedVersion() {
        return stage != null ? stage.version() : ledger == null ? null : ledger.version();
    }

    public String name() {
        return config.name();
    }

    public TargetStatus target(Stage stage) {
        return targets.get(stage);
    }
}
