package dev.promotiond.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.FactRef;
import java.util.ArrayList;
import java.util.List;

/**
 * One criterion with the facts it was judged on. {@code waivedBy} is present only when a waiver
 * decided it; {@code missing} (the evidence an unknown result lacked or found stale) only with explain.
 */
record CriterionView(String name, String state, String observed, String threshold, String reason, String rule,
                     String evidenceAt, @JsonInclude(JsonInclude.Include.NON_NULL) String waivedBy,
                     List<Fact> facts, @JsonInclude(JsonInclude.Include.NON_NULL) List<MissingFact> missing) {

    record Fact(String fact, String value, String at) {
    }

    record MissingFact(String fact, String status, String detail, String at) {
    }

    static List<CriterionView> of(List<CriterionResult> list, boolean explain) {
        return list.stream().map(r -> of(r, explain)).toList();
    }

    static CriterionView of(CriterionResult r, boolean explain) {
        List<Fact> facts = new ArrayList<>();
        List<MissingFact> missing = new ArrayList<>();
        for (FactRef f : r.facts()) {
            if (f.isPresent()) {
                facts.add(new Fact(f.fact(), f.value(), ApiTime.text(f.at())));
            } else {
                missing.add(new MissingFact(f.fact(), f.status(), f.value(), ApiTime.text(f.at())));
            }
        }
        return new CriterionView(r.name(), r.state().label(), r.observed(), r.threshold(), r.reason(), r.rule(),
                ApiTime.text(r.evidenceAt()), r.waiver(), List.copyOf(facts), explain ? List.copyOf(missing) : null);
    }
}
