package dev.promotiond.actions;

import dev.promotiond.config.ActionsConfig;
import dev.promotiond.facts.ActionRequest;
import dev.promotiond.facts.AlertDataMissing;
import dev.promotiond.facts.Hold;
import dev.promotiond.facts.Rollback;
import dev.promotiond.store.ActionRecord;
import dev.promotiond.store.ActionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what the rules asked for, in visible stages: debounce (a request acts only after it
 * was asked for continuously for its {@code forSeconds}) → dedupe (one rollback per component and
 * version, claimed on disk first) → hold (a rolled-back version stays held) → execute (or record
 * what a dry run would do) → record (audit log and metrics). Alerts go through the {@link AlertBook};
 * an alert already firing (also one restored after a restart) served its {@code for} when it started,
 * so it stays firing while the rules ask for it, and while they say its facts are missing.
 * Not thread-safe: the daemon runs it on one thread, after each evaluation.
 */
public final class ActionPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ActionPipeline.class);
    /** The outcome of a rollback whose process died while it ran: it may or may not have taken effect. */
    public static final String INTERRUPTED = "unknown (interrupted)";
    private static final String STARTED = "started";

    private final ActionsConfig config;
    private final Map<String, RollbackExecutor> executors;
    private final Set<String> dryRunComponents;
    private final ActionStore store;
    private final AlertBook alerts;
    private final Consumer<ActionRecord> recorded;
    private final Map<String, Instant> firstAsked = new HashMap<>();
    private Function<String, String> groups = c -> null;
    private Instant now = Instant.EPOCH;

    /**
     * @param executors        rollback executor per component (components without one are paged only)
     * @param dryRunComponents components whose rollbacks are recorded, not executed
     * @param alertmanager     null when no Alertmanager is configured
     * @param recorded         told about every audit record (for metrics)
     */
    public ActionPipeline(ActionsConfig config, Map<String, RollbackExecutor> executors, Set<String> dryRunComponents,
                          ActionStore store, AlertmanagerClient alertmanager, Consumer<ActionRecord> recorded) {
        this.config = config;
        this.executors = Map.copyOf(executors);
        this.dryRunComponents = Set.copyOf(dryRunComponents);
        this.store = store;
        this.recorded = recorded;
        this.alerts = new AlertBook(store, alertmanager, config.resendInterval(), a -> record(this.now,
                "alert", a.component(), a.alertname(), a.outcome(), a.detail(), Duration.ZERO));
    }

    /**
     * Continues the {@code for} timers the store holds (a new leader, or a restart), unless nothing
     * evaluated for longer than {@code maxGap} before {@code now}: then nobody watched whether the
     * requests stayed asked for, and every timer starts again.
     *
     * @param lastEvaluated when the last published evaluation was made, or null when none
     */
    public synchronized void continueTimers(Instant now, Instant lastEvaluated, Duration maxGap) {
        Map<String, Instant> pending = store.pendingActions();
        if (lastEvaluated != null && !now.isAfter(lastEvaluated.plus(maxGap))) {
            firstAsked.putAll(pending);
        } else {
            store.updatePendingActions(Map.of(), pending.keySet());
        }
    }

    /**
     * Finishes the rollbacks a previous process claimed but never finished (it was killed while the
     * command or webhook ran). Whether that rollback took effect is unknown, so each is held, audited
     * and counted as {@value #INTERRUPTED}, and from the next pass on paged as RollbackFailed for a
     * human look; the claim stays, so it is never run again. Call once at start-up, before the first
     * {@link #run}: then no rollback of this process can be in flight.
     *
     * @return how many were reconciled
     */
    public synchronized int reconcileInterrupted(Instant now) {
        int n = 0;
        for (Rollback r : store.rollbacks(now)) {
            if (!r.outcome().equals(STARTED)) {
                continue;
            }
            // hold first and mark the row last: a crash in between repeats this, never loses the hold
            store.hold(r.component(), r.version(), r.at(), "a rollback started at " + r.at()
                    + " was interrupted by a restart of promotiond: it may have run");
            record(now, "rollback", r.component(), "RollbackInterrupted", INTERRUPTED, "rollback of " + r.component()
                    + " " + r.version() + " started at " + r.at() + " and promotiond stopped before it finished:"
                    + " it may have run; check by hand which version runs, then clear the hold", Duration.ZERO);
            store.finishRollback(r.component(), r.version(), INTERRUPTED);
            n++;
        }
        return n;
    }

    /**
     * One pass over this cycle's requests.
     *
     * @param dataMissing     alerts whose facts the rules found unknown this cycle: a firing one keeps
     *                        firing instead of resolving
     * @param previousVersion the version to roll a component back to, given the component and the
     *                        version being rolled back (null when unknown)
     * @param readinessUrl    the component's readiness API URL, for generatorURL
     */
    public synchronized void run(Instant now, List<ActionRequest> requests, List<AlertDataMissing> dataMissing,
                                 BiFunction<String, String, String> previousVersion,
                                 Function<String, String> readinessUrl) {
        this.now = now;
        List<ActionRequest> ready = debounce(now, requests);
        for (ActionRequest r : ready) {
            if (r.kind().equals(ActionRequest.ROLLBACK)) {
                rollback(now, r, previousVersion.apply(r.component(), r.version()));
            }
        }
        List<Alert> wanted = new ArrayList<>();
        for (ActionRequest r : firstPerKey(requests)) {
            if (r.kind().equals(ActionRequest.ALERT)) {
                Alert a = alert(r.name(), r.component(), r.severity(), r.stage() == null ? null : r.stage().label(),
                        r.targetStage() == null ? null : r.targetStage().label(), r.summary(), r.description(),
                        r.component().isEmpty() ? null : readinessUrl.apply(r.component()));
                if (ready.contains(r) || alerts.firing(a.fingerprint())) {
                    wanted.add(a);
                }
            }
        }
        for (Hold h : store.holds()) {
            String outcome = store.rollbackOutcome(h.component(), h.version());
            if (outcome != null && !outcome.equals("success") && !outcome.equals("dry_run")) {
                boolean interrupted = outcome.equals(INTERRUPTED) || outcome.equals(STARTED);
                wanted.add(alert("RollbackFailed", h.component(), "page", "production", "production",
                        "Rollback of " + h.component() + " " + h.version() + (interrupted
                                ? " was interrupted by a restart (" + outcome + ")"
                                : " did not succeed (" + outcome + ")"),
                        (interrupted ? "The rollback was interrupted: it may have run; check by hand which version"
                                + " runs. " : "")
                                + "The version stays held; fix it by hand, then clear the hold. " + h.reason(),
                        readinessUrl.apply(h.component())));
            }
        }
        alerts.reconcile(now, wanted, dataMissing);
    }

    private static List<ActionRequest> firstPerKey(List<ActionRequest> requests) {
        Map<String, ActionRequest> byKey = new LinkedHashMap<>();
        requests.forEach(r -> byKey.putIfAbsent(r.key(), r));
        return List.copyOf(byKey.values());
    }

    /** Requests asked for continuously for at least their forSeconds; forgets those no longer asked. */
    private List<ActionRequest> debounce(Instant now, List<ActionRequest> requests) {
        Map<String, ActionRequest> byKey = new LinkedHashMap<>();
        requests.forEach(r -> byKey.putIfAbsent(r.key(), r));
        List<String> removed = new ArrayList<>(firstAsked.keySet());
        removed.removeAll(byKey.keySet());
        removed.forEach(firstAsked::remove);
        Map<String, Instant> added = new HashMap<>();
        List<ActionRequest> ready = new ArrayList<>();
        byKey.forEach((key, r) -> {
            Instant since = firstAsked.computeIfAbsent(key, k -> {
                added.put(k, now);
                return now;
            });
            if (!now.isBefore(since.plusSeconds(r.forSeconds()))) {
                ready.add(r);
            }
        });
        store.updatePendingActions(added, removed);
        return ready;
    }

    private void rollback(Instant now, ActionRequest r, String previous) {
        RollbackExecutor executor = executors.get(r.component());
        if (r.version() == null || !store.claimRollback(r.component(), r.version(), now)) {
            return; // at most one rollback per (component, version), across restarts
        }
        String reason = r.description();
        if (executor == null) {
            store.finishRollback(r.component(), r.version(), "no_executor");
            record(now, "rollback", r.component(), r.name(), "no_executor",
                    "no rollback configured for " + r.component() + "; paging only. " + reason, Duration.ZERO);
            return;
        }
        if (config.dryRun() || dryRunComponents.contains(r.component())) {
            store.finishRollback(r.component(), r.version(), "dry_run");
            record(now, "rollback", r.component(), r.name(), "dry_run", "would run " + executor.describe() + " for "
                    + r.version() + " → " + (previous == null ? "?" : previous) + ": " + reason, Duration.ZERO);
            return;
        }
        LOG.warn("action rollback {} {} → {} started: {}", r.component(), r.version(), previous == null ? "?" : previous,
                executor.describe());
        RollbackResult result = executor.execute(new RollbackRequest(r.component(), r.version(), previous,
                "production", reason));
        store.finishRollback(r.component(), r.version(), result.outcome());
        store.hold(r.component(), r.version(), now, reason);
        String detail = executor.describe() + " " + r.version() + " → " + (previous == null ? "?" : previous)
                + (result.exitCode() != null ? "; exit " + result.exitCode() : "")
                + (result.httpStatus() != null ? "; HTTP " + result.httpStatus() : "")
                + (result.error() != null ? "; " + result.error() : "")
                + (result.output() == null || result.output().isBlank() ? "" : "; output: " + result.output().strip());
        record(now, "rollback", r.component(), r.name(), result.outcome(), detail, result.took());
    }

    private Alert alert(String name, String component, String severity, String stage, String target, String summary,
                        String description, String generatorUrl) {
        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put("alertname", name);
        labels.put("severity", severity);
        putIfSet(labels, "component", component);
        putIfSet(labels, "stage", stage);
        putIfSet(labels, "target_stage", target);
        putIfSet(labels, "group", component == null || component.isEmpty() ? null : groupOf(component));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        if (config.runbookUrl() != null) {
            annotations.put("runbook_url", config.runbookUrl().replace("{{alertname}}", name)
                    .replace("{{component}}", component == null ? "" : component));
        }
        return new Alert(labels, annotations, null, null, generatorUrl);
    }

    /** Tells the pipeline each component's functional group (a label for routing). */
    public void groups(Function<String, String> groupOfComponent) {
        this.groups = groupOfComponent;
    }

    private String groupOf(String component) {
        return groups.apply(component);
    }

    private static void putIfSet(Map<String, String> labels, String name, String value) {
        if (value != null && !value.isEmpty()) {
            labels.put(name, value);
        }
    }

    private void record(Instant at, String kind, String component, String name, String outcome, String detail,
                        Duration took) {
        ActionRecord logged = store.log(at, kind, component, name, outcome, detail, took);
        // every alert sent, resolved or failed and every rollback's end gets one line, beside the audit log
        // (rollbacks at WARN: someone should read them)
        String line = "action {} {} {}{}: {}{}";
        Object[] args = {kind, name, component == null || component.isEmpty() ? "" : component + " ", outcome, detail,
                took.isZero() ? "" : " (" + took.toMillis() + " ms)"};
        if (kind.equals("rollback")) {
            LOG.warn(line, args);
        } else {
            LOG.info(line, args);
        }
        recorded.accept(logged);
    }

    /** The alerts firing now, with their startsAt. */
    public synchronized List<Alert> firing() {
        return alerts.firing();
    }

    /** Active alerts by name, for {@code promotiond_alerts_active}. */
    public synchronized Map<String, Long> activeAlerts() {
        return alerts.activeByName();
    }
}
