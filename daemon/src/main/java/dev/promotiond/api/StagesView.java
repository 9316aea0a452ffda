package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.facts.StageRecord;

/** Declared vs recorded stage of a component, and whether they drifted apart. */
record StagesView(String current, String declared, String declaredSource, String declaredSince, String declaredNote,
                  String recorded, String recordedVersion, String recordedAt, boolean drift) {

    static StagesView of(ComponentStatus c) {
        StageRecord r = c.stageRecord();
        if (r == null) {
            return new StagesView(c.currentStage().label(), c.config().stage().label(), "config", null, null, null,
                    null, null, false);
        }
        return new StagesView(c.currentStage().label(), r.declared().label(), r.declaredSource(),
                r.declaredSince() == null ? null : r.declaredSince().toString(), r.declaredNote(),
                r.recorded() == null ? null : r.recorded().label(), r.recordedVersion(), ApiTime.text(r.recordedAt()),
                r.drift());
    }
}
