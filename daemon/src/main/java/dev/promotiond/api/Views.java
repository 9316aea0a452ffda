package dev.promotiond.api;

import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.FactRef;
import dev.promotiond.facts.StageRecord;
import dev.promotiond.store.EvidenceStore;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.Criteria;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Uptime;
import dev.promotiond.store.ActionRecord;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.LedgerView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of the API, built as ordered maps so field order is stable and readable. */
final class Views {
    private Views() {
    }

    static Map<String, Object> summary(ComponentStatus c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("group", c.config().group());
        m.put("stage", c.currentStage().label());
        m.put("version", version(c));
        Map<String, Object> readiness = new LinkedHashMap<>();
        for (TargetStatus t : c.targets().values()) {
            readiness.put(t.target().label(), t.state().label());
        }
        m.put("readiness", readiness);
        m.put("soak", c.soakVerdict() == null ? null : c.soakVerdict().state().label());
        m.put("drift", c.stageRecord() != null && c.stageRecord().drift());
        return m;
    }

    static Map<String, Object> detail(ComponentStatus c, Evaluation e) {
        return detail(c, e, false);
    }

    static Map<String, Object> detail(ComponentStatus c, Evaluation e, boolean explain) {
        ComponentConfig cfg = c.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("group", cfg.group());
        m.put("stage", c.currentStage().label());
        m.put("version", version(c));
        m.put("dependencies", cfg.dependencies());
        m.put("evaluatedAt", time(e.evaluatedAt()));
        m.put("stages", stages(c));
        m.put("evidence", c.evidence().stream().map(x -> evidence(x, c.judgedVersion())).toList());
        if (cfg.health() != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("url", cfg.health().url().toString());
            h.put("intervalSeconds", cfg.health().interval().toMillis() / 1000.0);
            h.put("timeoutSeconds", cfg.health().timeout().toMillis() / 1000.0);
            m.put("health", h);
        } else {
            m.put("health", null);
        }
        LedgerView v = c.ledger();
        if (v != null && v.lastProbeAt() != null) {
            m.put("lastProbe", Map.of("at", time(v.lastProbeAt()), "up", v.lastProbeUp(), "reason", v.lastProbeReason()));
        } else {
            m.put("lastProbe", null);
        }
        Map<String, Object> uptime = new LinkedHashMap<>();
        if (v != null && cfg.health() != null) {
            for (Uptime u : v.uptimes()) {
                uptime.put(u.window(), window(u.ratio(), u.coverage(), u.up(), u.down(), u.expected()));
            }
        }
        m.put("uptime", uptime);
        m.put("soak", soak(v == null ? null : v.soak(), c.soakVerdict()));
        m.put("slis", slis(c.slis()));
        m.put("breaches", breaches(c.breaches()));
        Map<String, Object> targets = new LinkedHashMap<>();
        for (TargetStatus t : c.targets().values()) {
            targets.put(t.target().label(), Map.of("state", t.state().label(), "criteria", criteria(t.criteria(), explain)));
        }
        m.put("readiness", targets);
        return m;
    }

    static Map<String, Object> readiness(ComponentStatus c, TargetStatus t, Evaluation e) {
        return readiness(c, t, e, false);
    }

    static Map<String, Object> readiness(ComponentStatus c, TargetStatus t, Evaluation e, boolean explain) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("component", c.name());
        m.put("version", version(c));
        m.put("stage", c.currentStage().label());
        m.put("target", t.target().label());
        m.put("state", t.state().label());
        m.put("stages", stages(c));
        m.put("evaluatedAt", time(e.evaluatedAt()));
        m.put("criteria", criteria(t.criteria(), explain));
        return m;
    }

    static List<Map<String, Object>> history(List<HistoryEvent> events) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HistoryEvent h : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", time(h.at()));
            m.put("kind", h.kind());
            m.put("stage", h.stage().label());
            m.put("version", h.version());
            out.add(m);
        }
        return out;
    }

    static List<Map<String, Object>> actions(List<ActionRecord> records) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ActionRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("at", time(r.at()));
            m.put("kind", r.kind());
            m.put("component", r.component());
            m.put("name", r.name());
            m.put("outcome", r.outcome());
            m.put("detail", r.detail());
            m.put("durationSeconds", r.took().toMillis() / 1000.0);
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> criteria(List<CriterionResult> list) {
        return criteria(list, false);
    }

    /**
     * Each criterion with the facts it was judged on; with {@code explain}, also the evidence an
     * unknown result was missing or found stale.
     */
    static List<Map<String, Object>> criteria(List<CriterionResult> list, boolean explain) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CriterionResult r : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("state", r.state().label());
            m.put("observed", r.observed());
            m.put("threshold", r.threshold());
            m.put("reason", r.reason());
            m.put("rule", r.rule());
            m.put("evidenceAt", time(r.evidenceAt()));
            if (r.waived()) {
                m.put("waivedBy", r.waiver());
            }
            List<Map<String, Object>> facts = new ArrayList<>();
            List<Map<String, Object>> missing = new ArrayList<>();
            for (FactRef f : r.facts()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("fact", f.fact());
                if (f.isPresent()) {
                    x.put("value", f.value());
                    x.put("at", time(f.at()));
                    facts.add(x);
                } else {
                    x.put("status", f.status());
                    x.put("detail", f.value());
                    x.put("at", time(f.at()));
                    missing.add(x);
                }
            }
            m.put("facts", facts);
            if (explain) {
                m.put("missing", missing);
            }
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> slis(List<Sli> slis) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Sli s : slis) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("value", s.value());
            m.put("display", s.known() ? Criteria.value(s.name(), s.value()) : null);
            m.put("sampleAt", time(s.sampleAt()));
            m.put("source", s.source());
            m.put("query", s.query());
            m.put("unknownReason", s.reason());
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> breaches(List<Breach> breaches) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Breach b : breaches) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.name());
            m.put("observed", b.observed());
            m.put("threshold", b.threshold());
            m.put("reason", b.reason());
            m.put("rule", b.rule());
            m.put("observedAt", time(b.observedAt()));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> soak(Soak s, SoakVerdict v) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", s.version());
        m.put("stage", s.stage().label());
        m.put("startedAt", time(s.startedAt()));
        m.put("observedSeconds", s.observedSeconds());
        m.put("wallSeconds", s.wallSeconds());
        m.put("up", s.up());
        m.put("down", s.down());
        m.put("ratio", Double.isNaN(s.ratio()) ? null : s.ratio());
        m.put("coverage", s.wallSeconds() == 0 ? 1.0 : Math.min(1.0, (double) s.observedSeconds() / s.wallSeconds()));
        if (v != null) {
            m.put("state", v.state().label());
            m.put("requiredSeconds", v.requiredSeconds());
            m.put("errorBudgetSeconds", v.budgetSeconds());
            m.put("errorBudgetSpentSeconds", v.budgetSpentSeconds());
            m.put("errorBudgetRemainingRatio", v.budgetRemainingRatio());
            m.put("reason", v.reason());
            m.put("rule", v.rule());
        }
        return m;
    }

    private static Map<String, Object> window(double ratio, double coverage, long up, long down, long expected) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ratio", Double.isNaN(ratio) ? null : ratio);
        m.put("coverage", coverage);
        m.put("up", up);
        m.put("down", down);
        m.put("expected", expected);
        return m;
    }

    private static String version(ComponentStatus c) {
        return c.judgedVersion();
    }

    /** Declared vs recorded stage, and whether they drifted apart. */
    static Map<String, Object> stages(ComponentStatus c) {
        StageRecord r = c.stageRecord();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("current", c.currentStage().label());
        m.put("declared", r == null ? c.config().stage().label() : r.declared().label());
        m.put("declaredSource", r == null ? "config" : r.declaredSource());
        m.put("declaredSince", r == null || r.declaredSince() == null ? null : r.declaredSince().toString());
        m.put("declaredNote", r == null ? null : r.declaredNote());
        m.put("recorded", r == null || r.recorded() == null ? null : r.recorded().label());
        m.put("recordedVersion", r == null ? null : r.recordedVersion());
        m.put("recordedAt", r == null ? null : time(r.recordedAt()));
        m.put("drift", r != null && r.drift());
        return m;
    }

    /** One piece of evidence; {@code current} says whether it counts for the version being judged. */
    static Map<String, Object> evidence(Evidence e, String judged) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", e.kind());
        m.put("version", e.version());
        m.put("commit", e.commit());
        m.put("tool", e.tool());
        m.put("receivedAt", time(e.receivedAt()));
        m.put("sha256", e.sha256());
        m.put("current", e.isFor(judged));
        m.put("values", e.values());
        if (!e.notes().isEmpty()) {
            m.put("notes", e.notes()); // what the counts count: vulnerability ids, packages, blocker titles
        }
        return m;
    }

    static List<Map<String, Object>> evidenceLog(List<EvidenceStore.Stored> stored, String judged) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EvidenceStore.Stored s : stored) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.putAll(evidence(s.evidence(), judged));
            m.put("files", s.files());
            out.add(m);
        }
        return out;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
