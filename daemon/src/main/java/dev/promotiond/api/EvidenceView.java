package dev.promotiond.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.promotiond.facts.Evidence;
import java.util.List;
import java.util.Map;

/**
 * One piece of evidence; {@code current} says whether it counts for the version being judged.
 * {@code notes} (what the counts count: vulnerability ids, packages, blocker titles) is absent when empty.
 */
record EvidenceView(String kind, String version, String commit, String tool, String receivedAt, String sha256,
                    boolean current, Map<String, Double> values,
                    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> notes) {

    static EvidenceView of(Evidence e, String judged) {
        return new EvidenceView(e.kind(), e.version(), e.commit(), e.tool(), ApiTime.text(e.receivedAt()), e.sha256(),
                e.isFor(judged), e.values(), e.notes().isEmpty() ? null : e.notes());
    }
}
