package dev.promotiond.export;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SoakState;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Uptime;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.Supplier;

/** Readiness, criteria, uptime and soak gauges, read from the last published evaluation at scrape time. */
final class DecisionsCollector implements MultiCollector {
    private final Supplier<Evaluation> last;

    DecisionsCollector(Supplier<Evaluation> last) {
        this.last = last;
    }

    /**
     * Its families' names, so that a scrape filtered by name skips this collector: {@link ScrapeHandler}
     * writes these families itself and scrapes the registry without them.
     */
    // client_java 1.10 deprecates this for getMetricFamilyDescriptors(), which would also make register()
    // validate each family's type and label set; the families here are written by DecisionsWriter itself
    @SuppressWarnings("deprecation")
    @Override
    public java.util.List<String> getPrometheusNames() {
        return DecisionsWriter.names();
    }

    @Override
    public MetricSnapshots collect() {
        Evaluation e = last.get();
        if (e == null) {
            return MetricSnapshots.of();
        }
        GaugeSnapshot.Builder ready = gauge("promotiond_component_ready",
                "1 when the component is ready for the target stage, else 0");
        GaugeSnapshot.Builder readiness = gauge("promotiond_component_readiness_state",
                "Readiness for the target stage, one-hot over ready, not_ready, unknown and not_applicable"
                        + " (already at or above the target)");
        GaugeSnapshot.Builder criterion = gauge("promotiond_criterion_state",
                "Each criterion's state, one-hot over met, unmet and unknown");
        GaugeSnapshot.Builder waived = gauge("promotiond_criterion_waived",
                "1 for each criterion a DRL policy waiver decided (for monitoring: also its alert route alone)");
        GaugeSnapshot.Builder uptime = gauge("promotiond_uptime_ratio",
                "UP probes / observed probes over the window (absent when nothing was observed)");
        GaugeSnapshot.Builder coverage = gauge("promotiond_probe_coverage_ratio",
                "Observed probes / expected probe slots over the window");
        GaugeSnapshot.Builder soakElapsed = gauge("promotiond_soak_elapsed_seconds",
                "Observed soak time of the current version in its stage (gaps do not count)");
        GaugeSnapshot.Builder soakRequired = gauge("promotiond_soak_required_seconds",
                "Observed soak time the rules require before promotion");
        GaugeSnapshot.Builder budget = gauge("promotiond_error_budget_remaining_ratio",
                "Share of the soak's error budget (DOWN time) not yet spent");
        GaugeSnapshot.Builder soakState = gauge("promotiond_soak_state",
                "The current soak's state, one-hot over ok, at_risk and failed");
        GaugeSnapshot.Builder sli = gauge("promotiond_sli_value",
                "Last known value of each SLI (absent while the SLI is unknown)");
        GaugeSnapshot.Builder sliKnown = gauge("promotiond_sli_known",
                "1 when the SLI has a fresh, valid value; 0 when it is unknown");
        GaugeSnapshot.Builder breach = gauge("promotiond_sla_breach",
                "1 while a Production component is outside its SLA for this SLI");
        GaugeSnapshot.Builder drift = gauge("promotiond_stage_drift",
                "1 when the latest deployment record puts the component in another stage than its declared one"
                        + " (config or MATURITY.md)");
        GaugeSnapshot.Builder evidenceAt = gauge("promotiond_evidence_received_timestamp_seconds",
                "When the CI evidence of each kind was received: the judged version's, else the newest");
        GaugeSnapshot.Builder evidenceCurrent = gauge("promotiond_evidence_current",
                "1 when there is CI evidence of the kind for the version being judged, else 0 (only other versions')");
        InfoSnapshot.Builder info = InfoSnapshot.builder().name("promotiond_component")
                .help("Component metadata: group, declared stage and running version");

        for (ComponentStatus c : e.components()) {
            String name = c.name();
            info.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("component", name,
                    "group", c.config().group(), "stage", c.currentStage().label(),
                    "version", c.judgedVersion() == null ? "" : c.judgedVersion())).build());
            point(drift, c.stageRecord() != null && c.stageRecord().drift() ? 1 : 0, "component", name);
            for (dev.promotiond.facts.Evidence ev : c.evidence()) {
                point(evidenceAt, ev.receivedAt().toEpochMilli() / 1000.0, "component", name, "kind", ev.kind());
                point(evidenceCurrent, ev.isFor(c.judgedVersion()) ? 1 : 0, "component", name, "kind", ev.kind());
            }
            for (TargetStatus t : c.targets().values()) {
                String target = t.target().label();
                point(ready, t.state() == Readiness.READY ? 1 : 0, "component", name, "target_stage", target);
                for (Readiness r : Readiness.values()) {
                    point(readiness, t.state() == r ? 1 : 0, "component", name, "target_stage", target, "state", r.label());
                }
                for (CriterionResult cr : t.criteria()) {
                    for (CriterionState s : CriterionState.values()) {
                        point(criterion, cr.state() == s ? 1 : 0, "component", name, "criterion", cr.name(),
                                "state", s.label(), "target_stage", target);
                    }
                    if (cr.waived()) {
                        point(waived, 1, "component", name, "criterion", cr.name(), "target_stage", target);
                    }
                }
            }
            if (c.ledger() != null && c.config().health() != null) {
                for (Uptime u : c.ledger().uptimes()) {
                    if (u.observed() > 0) {
                        point(uptime, u.ratio(), "component", name, "window", u.window());
                    }
                    point(coverage, u.coverage(), "component", name, "window", u.window());
                }
                Soak s = c.ledger().soak();
                if (s != null) {
                    if (s.observed() > 0) {
                        point(uptime, s.ratio(), "component", name, "window", "soak");
                    }
                    point(coverage, s.wallSeconds() == 0 ? 1.0 : Math.min(1.0, (double) s.observedSeconds() / s.wallSeconds()),
                            "component", name, "window", "soak");
                    point(soakElapsed, s.observedSeconds(), "component", name);
                }
            }
            for (Sli s : c.slis()) {
                if (s.known()) {
                    point(sli, s.value(), "component", name, "sli", s.name());
                }
                point(sliKnown, s.known() ? 1 : 0, "component", name, "sli", s.name());
            }
            for (Breach b : c.breaches()) {
                point(breach, 1, "component", name, "sli", b.name());
            }
            SoakVerdict v = c.soakVerdict();
            if (v != null) {
                point(soakRequired, v.requiredSeconds(), "component", name);
                point(budget, v.budgetRemainingRatio(), "component", name);
                for (SoakState s : new SoakState[] {SoakState.OK, SoakState.AT_RISK, SoakState.FAILED}) {
                    point(soakState, v.state() == s ? 1 : 0, "component", name, "state", s.label());
                }
            }
        }
        return MetricSnapshots.of(ready.build(), readiness.build(), criterion.build(), waived.build(), uptime.build(), coverage.build(),
                soakElapsed.build(), soakRequired.build(), budget.build(), soakState.build(), sli.build(), sliKnown.build(),
                breach.build(), drift.build(), evidenceAt.build(), evidenceCurrent.build(), info.build());
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (name.endsWith("_seconds")) {
            b.unit(Unit.SECONDS);
        } else if (name.endsWith("_ratio")) {
            b.unit(Unit.RATIO);
        }
        return b;
    }

    private static void point(GaugeSnapshot.Builder b, double value, String... labels) {
        b.dataPoint(GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
    }
}
