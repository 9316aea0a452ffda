package dev.promotiond.export;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SoakState;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Uptime;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the decision families (the series {@link DecisionsCollector} describes) straight from an
 * {@link Evaluation} to a text writer, in Prometheus text 0.0.4 or OpenMetrics 1.0.0, with no
 * per-series objects: at 10,000 components there are ~700,000 series, and building a snapshot
 * and {@code Labels} for each cost ~800 MB of allocation per scrape.
 *
 * <p>The output is what client_java's writers produce for the collector's snapshots, byte for byte:
 * label names sorted, series sorted by label values (components by name, then the other labels),
 * values as {@link Double#toString}, label values escaped for backslash, quote and newline.
 */
final class DecisionsWriter {
    private static final String READY = "promotiond_component_ready";
    private static final String READINESS = "promotiond_component_readiness_state";
    private static final String CRITERION = "promotiond_criterion_state";
    private static final String WAIVED = "promotiond_criterion_waived";
    private static final String UPTIME = "promotiond_uptime_ratio";
    private static final String COVERAGE = "promotiond_probe_coverage_ratio";
    private static final String SOAK_ELAPSED = "promotiond_soak_elapsed_seconds";
    private static final String SOAK_REQUIRED = "promotiond_soak_required_seconds";
    private static final String BUDGET = "promotiond_error_budget_remaining_ratio";
    private static final String SOAK_STATE = "promotiond_soak_state";
    private static final String SLI = "promotiond_sli_value";
    private static final String SLI_KNOWN = "promotiond_sli_known";
    private static final String BREACH = "promotiond_sla_breach";
    private static final String DRIFT = "promotiond_stage_drift";
    private static final String EVIDENCE_AT = "promotiond_evidence_received_timestamp_seconds";
    private static final String EVIDENCE_CURRENT = "promotiond_evidence_current";
    static final String INFO = "promotiond_component";

    private static final SoakState[] SOAK_STATES = {SoakState.OK, SoakState.AT_RISK, SoakState.FAILED};
    // values() copies its array on every call: once per series here
    private static final Readiness[] READINESS_STATES = Readiness.values();
    private static final CriterionState[] CRITERION_STATES = CriterionState.values();
    // label() lower-cases the enum name on every call: computed once here, by ordinal
    private static final String[] STAGE_LABELS = labels(dev.promotiond.facts.Stage.values());
    private static final String[] READINESS_LABELS = labels(READINESS_STATES);
    private static final String[] CRITERION_LABELS = labels(CRITERION_STATES);
    private static final String[] SOAK_LABELS = labels(SoakState.values());

    private static String[] labels(Enum<?>[] values) {
        String[] labels = new String[values.length];
        for (Enum<?> v : values) {
            labels[v.ordinal()] = v.name().toLowerCase(java.util.Locale.ROOT);
        }
        return labels;
    }

    private static String label(dev.promotiond.facts.Stage s) {
        return STAGE_LABELS[s.ordinal()];
    }

    /** One family: its labels after {@code component} (sorted) and what each component contributes. */
    private record Family(String name, String help, String unit, String[] labels, Emitter emitter) {
    }

    @FunctionalInterface
    private interface Emitter {
        void emit(ComponentStatus c, Rows rows);
    }

    /** The families by Prometheus name, in the order client_java sorts them. */
    static final Map<String, Family> FAMILIES = families();

    private DecisionsWriter() {
    }

    static List<String> names() {
        return List.copyOf(FAMILIES.keySet());
    }

    /** The components of {@code e} in label order (one sort per scrape, shared by all families). */
    static ComponentStatus[] sorted(Evaluation e) {
        ComponentStatus[] cs = e.components().toArray(new ComponentStatus[0]);
        Arrays.sort(cs, Comparator.comparing(ComponentStatus::name));
        return cs;
    }

    /** Writes family {@code name} (one of {@link #names()}); nothing when it has no series. */
    static void write(Writer w, String name, ComponentStatus[] components, boolean openMetrics) throws IOException {
        Family f = FAMILIES.get(name);
        Rows rows = new Rows(f.labels().length);
        boolean headerDone = false;
        boolean info = name.equals(INFO);
        String sampleName = info ? INFO + "_info" : name;
        for (ComponentStatus c : components) {
            rows.clear();
            f.emitter().emit(c, rows);
            if (rows.size == 0) {
                continue;
            }
            if (!headerDone) {
                header(w, f, openMetrics, info);
                headerDone = true;
            }
            rows.sort();
            for (int i = 0; i < rows.size; i++) {
                Row r = rows.rows[i];
                w.write(sampleName);
                w.write("{component=\"");
                escapeLabelValue(w, c.name());
                for (int k = 0; k < f.labels().length; k++) {
                    w.write("\",");
                    w.write(f.labels()[k]);
                    w.write("=\"");
                    escapeLabelValue(w, r.values[k]);
                }
                w.write("\"} ");
                if (info) {
                    w.write('1');
                } else {
                    writeDouble(w, r.value);
                }
                w.write('\n');
            }
        }
    }

    private static void header(Writer w, Family f, boolean openMetrics, boolean info) throws IOException {
        if (openMetrics) {
            w.write("# TYPE ");
            w.write(f.name());
            w.write(info ? " info\n" : " gauge\n");
            if (f.unit() != null) {
                w.write("# UNIT ");
                w.write(f.name());
                w.write(' ');
                w.write(f.unit());
                w.write('\n');
            }
            w.write("# HELP ");
            w.write(f.name());
            w.write(' ');
            escape(w, f.help(), true);
            w.write('\n');
        } else {
            String name = info ? f.name() + "_info" : f.name();
            w.write("# HELP ");
            w.write(name);
            w.write(' ');
            escape(w, f.help(), false);
            w.write("\n# TYPE ");
            w.write(name);
            w.write(" gauge\n");
        }
    }

    private static void writeDouble(Writer w, double d) throws IOException {
        if (d == 0.0 && Double.doubleToRawLongBits(d) == 0L) {
            w.write("0.0");
        } else if (d == 1.0) {
            w.write("1.0");
        } else if (d == Double.POSITIVE_INFINITY) {
            w.write("+Inf");
        } else if (d == Double.NEGATIVE_INFINITY) {
            w.write("-Inf");
        } else {
            w.write(Double.toString(d));
        }
    }

    /** Label values escape backslash, double quote and newline (both formats). */
    static void escapeLabelValue(Writer w, String s) throws IOException {
        escape(w, s, true);
    }

    /** HELP in text 0.0.4 escapes backslash and newline only; OpenMetrics and label values also the quote. */
    private static void escape(Writer w, String s, boolean quote) throws IOException {
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            String rep = ch == '\\' ? "\\\\" : ch == '\n' ? "\\n" : ch == '"' && quote ? "\\\"" : null;
            if (rep != null) {
                w.write(s, start, i - start);
                w.write(rep);
                start = i + 1;
            }
        }
        w.write(s, start, s.length() - start);
    }

    /** A reusable buffer of one component's series in one family, sorted by label values. */
    static final class Rows {
        private final int arity;
        private Row[] rows = new Row[16];
        private int size;
        private final Comparator<Row> order;

        Rows(int arity) {
            this.arity = arity;
            this.order = (a, b) -> {
                for (int k = 0; k < arity; k++) {
                    int d = a.values[k].compareTo(b.values[k]);
                    if (d != 0) {
                        return d;
                    }
                }
                return 0;
            };
        }

        void clear() {
            size = 0;
        }

        void add(double value) {
            next().value = value;
        }

        void add(double value, String a) {
            Row r = next();
            r.value = value;
            r.values[0] = a;
        }

        void add(double value, String a, String b) {
            Row r = next();
            r.value = value;
            r.values[0] = a;
            r.values[1] = b;
        }

        void add(double value, String a, String b, String c) {
            Row r = next();
            r.value = value;
            r.values[0] = a;
            r.values[1] = b;
            r.values[2] = c;
        }

        private Row next() {
            if (size == rows.length) {
                rows = Arrays.copyOf(rows, size * 2);
            }
            Row r = rows[size];
            if (r == null) {
                r = rows[size] = new Row(arity);
            }
            size++;
            return r;
        }

        void sort() {
            if (size > 1 && arity > 0) {
                Arrays.sort(rows, 0, size, order);
            }
        }
    }

    private static final class Row {
        final String[] values;
        double value;

        Row(int arity) {
            values = new String[arity];
        }
    }

    private static Map<String, Family> families() {
        List<Family> fs = new ArrayList<>();
        fs.add(new Family(READY, "1 when the component is ready for the target stage, else 0", null,
                new String[] {"target_stage"}, (c, rows) -> {
                    for (TargetStatus t : c.targets().values()) {
                        rows.add(t.state() == Readiness.READY ? 1 : 0, label(t.target()));
                    }
                }));
        fs.add(new Family(READINESS, "Readiness for the target stage, one-hot over ready, not_ready, unknown and not_applicable"
                + " (already at or above the target)", null, new String[] {"state", "target_stage"}, (c, rows) -> {
                    for (TargetStatus t : c.targets().values()) {
                        for (Readiness r : READINESS_STATES) {
                            rows.add(t.state() == r ? 1 : 0, READINESS_LABELS[r.ordinal()], label(t.target()));
                        }
                    }
                }));
        fs.add(new Family(CRITERION, "Each criterion's state, one-hot over met, unmet and unknown", null,
                new String[] {"criterion", "state", "target_stage"}, (c, rows) -> {
                    for (TargetStatus t : c.targets().values()) {
                        for (CriterionResult cr : t.criteria()) {
                            for (CriterionState s : CRITERION_STATES) {
                                rows.add(cr.state() == s ? 1 : 0, cr.name(), CRITERION_LABELS[s.ordinal()], label(t.target()));
                            }
                        }
                    }
                }));
        fs.add(new Family(WAIVED, "1 for each criterion a DRL policy waiver decided (for monitoring: also its alert route alone)",
                null, new String[] {"criterion", "target_stage"}, (c, rows) -> {
                    for (TargetStatus t : c.targets().values()) {
                        for (CriterionResult cr : t.criteria()) {
                            if (cr.waived()) {
                                rows.add(1, cr.name(), label(t.target()));
                            }
                        }
                    }
                }));
        fs.add(new Family(UPTIME, "UP probes / observed probes over the window (absent when nothing was observed)", "ratio",
                new String[] {"window"}, (c, rows) -> {
                    if (c.ledger() != null && c.config().health() != null) {
                        for (Uptime u : c.ledger().uptimes()) {
                            if (u.observed() > 0) {
                                rows.add(u.ratio(), u.window());
                            }
                        }
                        Soak s = c.ledger().soak();
                        if (s != null && s.observed() > 0) {
                            rows.add(s.ratio(), "soak");
                        }
                    }
                }));
        fs.add(new Family(COVERAGE, "Observed probes / expected probe slots over the window", "ratio",
                new String[] {"window"}, (c, rows) -> {
                    if (c.ledger() != null && c.config().health() != null) {
                        for (Uptime u : c.ledger().uptimes()) {
                            rows.add(u.coverage(), u.window());
                        }
                        Soak s = c.ledger().soak();
                        if (s != null) {
                            rows.add(s.wallSeconds() == 0 ? 1.0 : Math.min(1.0, (double) s.observedSeconds() / s.wallSeconds()),
                                    "soak");
                        }
                    }
                }));
        fs.add(new Family(SOAK_ELAPSED, "Observed soak time of the current version in its stage (gaps do not count)", "seconds",
                new String[0], (c, rows) -> {
                    if (c.ledger() != null && c.config().health() != null && c.ledger().soak() != null) {
                        rows.add(c.ledger().soak().observedSeconds());
                    }
                }));
        fs.add(new Family(SOAK_REQUIRED, "Observed soak time the rules require before promotion", "seconds", new String[0],
                (c, rows) -> {
                    if (c.soakVerdict() != null) {
                        rows.add(c.soakVerdict().requiredSeconds());
                    }
                }));
        fs.add(new Family(BUDGET, "Share of the soak's error budget (DOWN time) not yet spent", "ratio", new String[0],
                (c, rows) -> {
                    if (c.soakVerdict() != null) {
                        rows.add(c.soakVerdict().budgetRemainingRatio());
                    }
                }));
        fs.add(new Family(SOAK_STATE, "The current soak's state, one-hot over ok, at_risk and failed", null,
                new String[] {"state"}, (c, rows) -> {
                    SoakVerdict v = c.soakVerdict();
                    if (v != null) {
                        for (SoakState s : SOAK_STATES) {
                            rows.add(v.state() == s ? 1 : 0, SOAK_LABELS[s.ordinal()]);
                        }
                    }
                }));
        fs.add(new Family(SLI, "Last known value of each SLI (absent while the SLI is unknown)", null,
                new String[] {"sli"}, (c, rows) -> {
                    for (Sli s : c.slis()) {
                        if (s.known()) {
                            rows.add(s.value(), s.name());
                        }
                    }
                }));
        fs.add(new Family(SLI_KNOWN, "1 when the SLI has a fresh, valid value; 0 when it is unknown", null,
                new String[] {"sli"}, (c, rows) -> {
                    for (Sli s : c.slis()) {
                        rows.add(s.known() ? 1 : 0, s.name());
                    }
                }));
        fs.add(new Family(BREACH, "1 while a Production component is outside its SLA for this SLI", null,
                new String[] {"sli"}, (c, rows) -> {
                    for (Breach b : c.breaches()) {
                        rows.add(1, b.name());
                    }
                }));
        fs.add(new Family(DRIFT, "1 when the latest deployment record puts the component in another stage than its declared one"
                + " (config or MATURITY.md)", null, new String[0],
                (c, rows) -> rows.add(c.stageRecord() != null && c.stageRecord().drift() ? 1 : 0)));
        fs.add(new Family(EVIDENCE_AT, "When the CI evidence of each kind was received: the judged version's, else the newest",
                "seconds", new String[] {"kind"}, (c, rows) -> {
                    for (Evidence ev : c.evidence()) {
                        rows.add(ev.receivedAt().toEpochMilli() / 1000.0, ev.kind());
                    }
                }));
        fs.add(new Family(EVIDENCE_CURRENT,
                "1 when there is CI evidence of the kind for the version being judged, else 0 (only other versions')", null,
                new String[] {"kind"}, (c, rows) -> {
                    for (Evidence ev : c.evidence()) {
                        rows.add(ev.isFor(c.judgedVersion()) ? 1 : 0, ev.kind());
                    }
                }));
        fs.add(new Family(INFO, "Component metadata: group, declared stage and running version", null,
                new String[] {"group", "stage", "version"}, (c, rows) -> rows.add(1, c.config().group(),
                        label(c.currentStage()), c.judgedVersion() == null ? "" : c.judgedVersion())));
        Map<String, Family> byName = new TreeMap<>();
        for (Family f : fs) {
            byName.put(f.name(), f);
        }
        return java.util.Collections.unmodifiableMap(byName);
    }
}
