package dev.promotiond.facts;

import java.time.Instant;
import java.util.List;

/**
 * Every fact of one evaluation cycle, taken at one instant.
 *
 * @param rollbacks  the rollbacks already claimed, each with its age (for the cap on automatic rollbacks)
 * @param monitoring each component's monitoring set-up; a component without one gets an unknown
 *                   {@code monitoring} criterion from the default rules
 */
public record Snapshot(Instant at, List<Component> components, List<Dependency> dependencies, List<Uptime> uptimes,
                       List<Soak> soaks, List<Sli> slis, List<SourceStatus> sources, List<Hold> holds,
                       List<Evidence> evidence, List<StageRecord> stageRecords, List<RollbackPlan> rollbackPlans,
                       List<Rollback> rollbacks, List<Monitoring> monitoring) {

    public Snapshot(Instant at, List<Component> components, List<Dependency> dependencies, List<Uptime> uptimes,
                    List<Soak> soaks, List<Sli> slis, List<SourceStatus> sources, List<Hold> holds,
                    List<Evidence> evidence, List<StageRecord> stageRecords, List<RollbackPlan> rollbackPlans) {
        this(at, components, dependencies, uptimes, soaks, slis, sources, holds, evidence, stageRecords, rollbackPlans,
                List.of(), List.of());
    }

    /** The same snapshot with these monitoring facts. */
    public Snapshot withMonitoring(List<Monitoring> facts) {
        return new Snapshot(at, components, dependencies, uptimes, soaks, slis, sources, holds, evidence, stageRecords,
                rollbackPlans, rollbacks, facts);
    }

    /** The same snapshot with these rollbacks already claimed. */
    public Snapshot withRollbacks(List<Rollback> facts) {
        return new Snapshot(at, components, dependencies, uptimes, soaks, slis, sources, holds, evidence, stageRecords,
                rollbackPlans, facts, monitoring);
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
        monitoring = List.copyOf(monitoring);
    }
}
