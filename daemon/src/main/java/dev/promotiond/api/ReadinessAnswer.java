package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import java.util.List;

/** The answer CI gates on: one component's readiness for one target, and every criterion behind it. */
record ReadinessAnswer(String component, String version, String stage, String target, String state,
                       StagesView stages, String evaluatedAt, List<CriterionView> criteria) {

    static ReadinessAnswer of(ComponentStatus c, TargetStatus t, Evaluation e, boolean explain) {
        return new ReadinessAnswer(c.name(), c.judgedVersion(), c.currentStage().label(), t.target().label(),
                t.state().label(), StagesView.of(c), ApiTime.text(e.evaluatedAt()), CriterionView.of(t.criteria(), explain));
    }
}
