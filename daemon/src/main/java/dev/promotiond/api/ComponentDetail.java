package dev.promotiond.api;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.Criteria;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Uptime;
import dev.promotiond.store.LedgerView;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the daemon knows of one component: health check and last probe, uptime windows (by
 * window name), soak, SLIs, breaches, and every criterion for each target (by target label).
 */
record ComponentDetail(String name, String group, String stage, String version, List<String> dependencies,
                       String evaluatedAt, StagesView stages, List<EvidenceView> evidence, Health health,
                       LastProbe lastProbe, Map<String, Window> uptime, SoakView soak, List<SliView> slis,
                       List<BreachView> breaches, Map<String, Target> readiness) {

    record Health(String url, double intervalSeconds, double timeoutSeconds) {
    }

    record LastProbe(String at, boolean up, String reason) {
    }

    /** {@code ratio} is null when nothing was observed in the window. */
    record Window(Double ratio, double coverage, long up, long down, long expected) {
    }

    record SliView(String name, Double value, String display, String sampleAt, String source, String query,
                   String unknownReason) {
    }

    record BreachView(String name, String observed, String threshold, String reason, String rule, String observedAt) {
    }

    record Target(String state, List<CriterionView> criteria) {
    }

    static ComponentDetail of(ComponentStatus c, Evaluation e, boolean explain) {
        ComponentConfig cfg = c.config();
        LedgerView v = c.ledger();
        Health health = cfg.health() == null ? null : new Health(cfg.health().url().toString(),
                cfg.health().interval().toMillis() / 1000.0, cfg.health().timeout().toMillis() / 1000.0);
        LastProbe lastProbe = v == null || v.lastProbeAt() == null ? null
                : new LastProbe(ApiTime.text(v.lastProbeAt()), v.lastProbeUp(), v.lastProbeReason());
        Map<String, Window> uptime = new LinkedHashMap<>();
        if (v != null && cfg.health() != null) {
            for (Uptime u : v.uptimes()) {
                uptime.put(u.window(), new Window(Double.isNaN(u.ratio()) ? null : u.ratio(), u.coverage(), u.up(),
                        u.down(), u.expected()));
            }
        }
        Map<String, Target> targets = new LinkedHashMap<>();
        for (TargetStatus t : c.targets().values()) {
            targets.put(t.target().label(), new Target(t.state().label(), CriterionView.of(t.criteria(), explain)));
        }
        return new ComponentDetail(c.name(), cfg.group(), c.currentStage().label(), c.judgedVersion(),
                cfg.dependencies(), ApiTime.text(e.evaluatedAt()), StagesView.of(c),
                c.evidence().stream().map(x -> EvidenceView.of(x, c.judgedVersion())).toList(), health, lastProbe,
                Collections.unmodifiableMap(uptime), SoakView.of(v == null ? null : v.soak(), c.soakVerdict()),
                c.slis().stream().map(ComponentDetail::sli).toList(),
                c.breaches().stream().map(ComponentDetail::breach).toList(), Collections.unmodifiableMap(targets));
    }

    private static SliView sli(Sli s) {
        return new SliView(s.name(), s.value(), s.known() ? Criteria.value(s.name(), s.value()) : null,
                ApiTime.text(s.sampleAt()), s.source(), s.query(), s.reason());
    }

    private static BreachView breach(Breach b) {
        return new BreachView(b.name(), b.observed(), b.threshold(), b.reason(), b.rule(), ApiTime.text(b.observedAt()));
    }
}
