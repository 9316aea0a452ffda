package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.TargetStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One component in the list: stage, judged version, readiness per target label, soak state. */
record ComponentSummary(String name, String group, String stage, String version, Map<String, String> readiness,
                        String soak, boolean drift) {

    static ComponentSummary of(ComponentStatus c) {
        Map<String, String> readiness = new LinkedHashMap<>();
        for (TargetStatus t : c.targets().values()) {
            readiness.put(t.target().label(), t.state().label());
        }
        return new ComponentSummary(c.name(), c.config().group(), c.currentStage().label(), c.judgedVersion(),
                Collections.unmodifiableMap(readiness),
                c.soakVerdict() == null ? null : c.soakVerdict().state().label(),
                c.stageRecord() != null && c.stageRecord().drift());
    }
}
