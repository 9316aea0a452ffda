package dev.promotiond.rulestest;

import dev.promotiond.config.Durations;
import dev.promotiond.config.RollbackConfig;
import dev.promotiond.facts.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One rule-test scenario as read from {@code rules/tests/*.yaml} by {@link ScenarioReader}: the
 * components, what happens to them over simulated time, and what the rules must say at given
 * instants. Every part remembers its line and column so a failure can point at it. The format is
 * described on {@link ScenarioRunner}.
 *
 * @param start      the instant offsets count from
 * @param events     timeline events other than probes, in time order (file order within one instant)
 * @param probes     probe runs in file order: where runs overlap, the later one wins
 * @param checks     every expectation, in time order (file order within one instant)
 * @param acting     how often the daemon loop (evaluate, then act) runs; null when the scenario only
 *                   evaluates at its expectations and nothing is carried out
 * @param alertmanagers how many Alertmanagers the simulated daemon pages (its alert route; default 0)
 */
record Scenario(Path file, String name, Instant start, List<Part> components, List<Event> events,
                List<ProbeRun> probes, List<Check> checks, Duration acting, int alertmanagers) {
    Scenario {
        components = List.copyOf(components);
        events = List.copyOf(events);
        probes = List.copyOf(probes);
        checks = List.copyOf(checks);
    }

    /** Where something was written: 1-based line and column. */
    record Where(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /**
     * A component of the scenario.
     *
     * @param version       what its health endpoint reports until a timeline event changes it; null for none
     * @param probeInterval null when the daemon does not probe it
     * @param slis          the SLIs it has in Prometheus; empty when it has none
     * @param rollback      its rollback config, or null
     */
    record Part(String name, String group, Stage stage, String version, Duration probeInterval,
                List<String> dependencies, List<String> slis, RollbackConfig rollback) {
        Part {
            dependencies = List.copyOf(dependencies);
            slis = List.copyOf(slis);
        }
    }

    /** Probe outcomes of a component in [from, to), one per probe interval on the grid of the start. */
    record ProbeRun(Instant from, Instant to, String component, Outcome outcome, Where where) {
    }

    /** up and down are observations; none is a gap (the daemon did not probe). */
    enum Outcome { UP, DOWN, NONE }

    /** Something that happens at one instant. */
    sealed interface Event {
        Instant at();

        Where where();
    }

    /** From now on the component's probes report this version. */
    record VersionChange(Instant at, Where where, String component, String version) implements Event {
    }

    /** From now on the SLI reads {@code value}; null reads unknown. */
    record SliChange(Instant at, Where where, String component, String sli, Double value) implements Event {
    }

    /** A data source goes down (its SLIs read unknown) or comes back. */
    record SourceChange(Instant at, Where where, String source, boolean up) implements Event {
    }

    /** CI pushes evidence for a version. */
    record EvidenceUpload(Instant at, Where where, String component, String version, String commit, String kind,
                          String tool, Map<String, Double> values, List<String> notes) implements Event {
        EvidenceUpload {
            values = Map.copyOf(values);
            notes = List.copyOf(notes);
        }
    }

    /** A deployment record, as {@code POST .../deployments} makes it; type null derives it. */
    record Deployment(Instant at, Where where, String component, String stage, String version, String type)
            implements Event {
    }

    /** A version held after a rollback (the action pipeline's part, given by hand here). */
    record HoldPlaced(Instant at, Where where, String component, String version, String reason) implements Event {
    }

    /**
     * A rollback of the version, recorded as the action pipeline records one that it carried out:
     * claimed (it counts toward the rollback cap) and the version held. The running version does
     * not change by itself; a {@link VersionChange} says what runs afterwards.
     */
    record RollbackDone(Instant at, Where where, String component, String version, String reason) implements Event {
    }

    /** An operator clears the component's holds. */
    record HoldCleared(Instant at, Where where, String component) implements Event {
    }

    /**
     * The daemon restarts: everything it keeps in memory (debounce timers, the ledger's windows, the
     * alert book) is rebuilt from the store, as after a stop or a kill -9 between two cycles.
     */
    record Restart(Instant at, Where where) implements Event {
    }

    /** What a check compares. */
    enum Subject { READINESS, CRITERION, REASON, SOAK, STAGE, VERSION, BREACHES, ACTIONS, ROLLBACKS, FIRING,
        FIRING_SINCE }

    /**
     * One expectation: at {@code at}, {@code subject} (of {@code key}, e.g. a criterion name) is
     * {@code expected}. Criterion states also accept "absent"; soak and version accept "none".
     *
     * @param atText    the offset as written, for messages
     * @param component null only for ACTIONS checks on every component
     * @param target    null unless the subject belongs to a target stage
     * @param actions   the expected action requests (ACTIONS only)
     */
    record Check(Instant at, String atText, Where where, String component, Stage target, Subject subject, String key,
                 String expected, List<ActionSpec> actions) {
        Check {
            actions = actions == null ? null : List.copyOf(actions);
        }
    }

    /**
     * An expected action request; null severity or forSeconds are not compared.
     *
     * @param component "" for requests about no component (a data source down)
     */
    record ActionSpec(String kind, String name, String component, String severity, Long forSeconds) {
        @Override
        public String toString() {
            return kind + " " + name + (component.isEmpty() ? "" : " " + component)
                    + (severity == null ? "" : " severity=" + severity)
                    + (forSeconds == null ? "" : " for=" + Durations.format(Duration.ofSeconds(forSeconds)));
        }
    }
}
