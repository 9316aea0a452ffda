package dev.promotiond.cluster;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replica serves while it cannot reach the store: the last decisions it had, with every
 * answer that was ready or not ready turned unknown by one more criterion, {@code store}, that
 * says why. Those decisions can no longer be checked against the probes since, and nobody acts
 * meanwhile, so neither "ready" nor "not ready" would be honest. Not-applicable answers stay.
 * Cached per (evaluation, reason): CI asks often.
 */
public final class StoreOutage {
    static final String CRITERION = "store";

    private Evaluation source;
    private String reason;
    private Evaluation overlaid;

    public synchronized Evaluation apply(Evaluation e, String why) {
        if (e == null || why == null) {
            return e;
        }
        if (e != source || !why.equals(reason)) {
            source = e;
            reason = why;
            overlaid = overlay(e, why);
        }
        return overlaid;
    }

    static Evaluation overlay(Evaluation e, String why) {
        List<ComponentStatus> components = new ArrayList<>();
        for (ComponentStatus c : e.components()) {
            Map<Stage, TargetStatus> targets = new LinkedHashMap<>();
            c.targets().forEach((stage, t) -> {
                if (t.state() == Readiness.NOT_APPLICABLE) {
                    targets.put(stage, t);
                    return;
                }
                List<CriterionResult> criteria = new ArrayList<>(t.criteria());
                criteria.add(new CriterionResult(c.name(), stage, CRITERION, CriterionState.UNKNOWN, "-",
                        "store reachable", "the store cannot be reached (" + why + "): these decisions are from "
                        + e.evaluatedAt() + " and cannot be checked; nobody acts until it is back", "", null));
                targets.put(stage, new TargetStatus(stage, Readiness.UNKNOWN, criteria));
            });
            components.add(new ComponentStatus(c.config(), c.ledger(), c.soakVerdict(), targets, c.slis(), c.breaches(),
                    c.stage(), c.stageRecord(), c.evidence()));
        }
        return new Evaluation(e.evaluatedAt(), e.took(), components, List.of(), List.of());
    }
}
