package dev.promotiond.cycle;

import dev.promotiond.facts.ActionRequest;
import dev.promotiond.facts.AlertDataMissing;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The immutable result of one cycle, published as a whole. */
public final class Evaluation {
    private final Instant evaluatedAt;
    private final Duration took;
    private final Map<String, ComponentStatus> byName;
    private final List<ActionRequest> actions;
    private final List<AlertDataMissing> dataMissing;

    public Evaluation(Instant evaluatedAt, Duration took, List<ComponentStatus> components) {
        this(evaluatedAt, took, components, List.of());
    }

    /** @param actions what the rules asked the action pipeline to do this cycle */
    public Evaluation(Instant evaluatedAt, Duration took, List<ComponentStatus> components, List<ActionRequest> actions) {
        this(evaluatedAt, took, components, actions, List.of());
    }

    /** @param dataMissing alerts whose facts are unknown this cycle, as the rules said */
    public Evaluation(Instant evaluatedAt, Duration took, List<ComponentStatus> components, List<ActionRequest> actions,
                      List<AlertDataMissing> dataMissing) {
        this.actions = List.copyOf(actions);
        this.dataMissing = List.copyOf(dataMissing);
        this.evaluatedAt = evaluatedAt;
        this.took = took;
        Map<String, ComponentStatus> m = new LinkedHashMap<>();
        components.forEach(c -> m.put(c.name(), c));
        this.byName = java.util.Collections.unmodifiableMap(m);
    }

    public Instant evaluatedAt() {
        return evaluatedAt;
    }

    public Duration took() {
        return took;
    }

    /** Components in config order. */
    public List<ComponentStatus> components() {
        return List.copyOf(byName.values());
    }

    public List<ActionRequest> actions() {
        return actions;
    }

    /** Alerts whose facts are unknown this cycle: a firing one keeps firing, it does not resolve. */
    public List<AlertDataMissing> dataMissing() {
        return dataMissing;
    }

    public Optional<ComponentStatus> component(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
