package dev.promotiond.facts;

import java.time.Instant;
import java.util.List;

/** Every fact of one evaluation cycle, taken at one instant. */
public record Snapshot(Instant at, List<Component> components, List<Dependency> dependencies, List<Uptime> uptimes,
                       List<Soak> soaks, List<Sli> slis, List<SourceStatus> sources, List<Hold> holds,
                       List<Evidence> evidence, List<StageRecord> stageRecords, List<RollbackPlan> rollbackPlans,
                       List<Rollback> rollbacks) {

    public Snapshot(Instant at, List<Component> components, List<Dependency> dependencies, List<Uptime> uptimes,
                    List<Soak> soaks, List<Sli> slis, List<SourceStatus> sources, List<Hold> holds,
                    List<Evidence> evidence, List<StageRecord> stageRecords, List<RollbackPlan> rollbackPlans) {
        this(at, components, dependencies, uptimes, soaks, slis, sources, holds, evidence, stageRecords, rollbackPlans,
                List.of());
    }

    public Snapshot(Instant at, List<Component> components, List<Dependency> dependencies, List<Uptime> uptimes,
                    List<Soak> soaks, List<Sli> slis, List<SourceStatus> sources, List<Hold> holds) {
        this(at, components, dependencies, uptimes, soaks, slis, sources, holds, List.of(), List.of(), List.of());
    }

    public Snapshot(Instant at, List<Component> components, List<Dependency> dependencies, List<Uptime> uptimes,
                    List<Soak> soaks) {
        this(at, components, dependencies, uptimes, soaks, List.of());
    }

    public Snapshot(Instant at, List<Component> components, List<Dependency> dependencies, List<Uptime> uptimes,
                    List<Soak> soaks, List<Sli> slis) {
        this(at, components, dependencies, uptimes, soaks, slis, List.of(), List.of());
    }

    public Snapshot {
        evidence = List.copyOf(evidence);
        stageRecords = List.copyOf(stageRecords);
        rollbackPlans = List.copyOf(rollbackPlans);
        rollbacks = List.copyOf(rollbacks);
        sources = List.copyOf(sources);
        holds = List.copyOf(holds);
        slis = List.copyOf(slis);
        components = List.copyOf(components);
        dependencies = List.copyOf(dependencies);
        uptimes = List.copyOf(uptimes);
        soaks = List.copyOf(soaks);
    }
}
