package dev.promotiond.facts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The vocabulary DRL consequences use to build explained results. Thresholds are always passed in
 * by the rules; these functions only apply the three-state semantics and format the explanation.
 */
public final class Criteria {
    private Criteria() {
    }

    public static CriterionResult of(String component, Stage target, String name, CriterionState state,
                                     String observed, String threshold, String reason, String rule) {
        return new CriterionResult(component, target, name, state, observed, threshold, reason, rule, null);
    }

    /**
     * Moves are one step up the ladder; a target at or below the current stage is already reached.
     */
    public static CriterionResult stageOrder(Component c, Stage target, String rule) {
        return stageOrder0(c, target, rule).with(FactRef.present("Component stage", c.stage().title(), null));
    }

    private static CriterionResult stageOrder0(Component c, Stage target, String rule) {
        String observed = c.stage().title();
        String threshold = target == Stage.DEVELOPMENT ? "-" : "≥ " + Stage.values()[target.ordinal() - 1].title();
        if (c.stage().atLeast(target)) {
            return of(c.name(), target, "stage-order", CriterionState.MET, observed, threshold,
                    "already in " + c.stage().title(), rule);
        }
        if (target.ordinal() - c.stage().ordinal() == 1) {
            return of(c.name(), target, "stage-order", CriterionState.MET, observed, threshold,
                    c.stage().title() + " → " + target.title() + " is the next step", rule);
        }
        return of(c.name(), target, "stage-order", CriterionState.UNMET, observed, threshold,
                c.stage().title() + " → " + target.title() + " skips a stage", rule);
    }

    /** Every dependency must be at the target stage or higher; an unknown dependency makes it unknown. */
    public static CriterionResult dependencies(Component c, Stage target, Collection<?> deps, String rule) {
        CriterionResult r = dependencies0(c, target, deps, rule);
        List<FactRef> refs = new ArrayList<>();
        for (Object o : deps) {
            Dependency d = (Dependency) o;
            refs.add(d.stage() == null ? FactRef.missing("Dependency " + d.dependency(), "stage unknown")
                    : FactRef.present("Dependency " + d.dependency(), d.stage().title(), null));
        }
        return r.with(refs.toArray(FactRef[]::new));
    }

    private static CriterionResult dependencies0(Component c, Stage target, Collection<?> deps, String rule) {
        List<String> below = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (Object o : deps) {
            Dependency d = (Dependency) o;
            all.add(d.dependency() + "=" + (d.stage() == null ? "?" : d.stage().title()));
            if (d.stage() == null) {
                unknown.add(d.dependency());
            } else if (!d.stage().atLeast(target)) {
                below.add(d.dependency() + " is in " + d.stage().title());
            }
        }
        all.sort(null);
        String observed = all.isEmpty() ? "none" : String.join(", ", all);
        String threshold = "all ≥ " + target.title();
        if (!below.isEmpty()) {
            below.sort(null);
            return of(c.name(), target, "dependencies", CriterionState.UNMET, observed, threshold,
                    String.join("; ", below), rule);
        }
        if (!unknown.isEmpty()) {
            return of(c.name(), target, "dependencies", CriterionState.UNKNOWN, observed, threshold,
                    "stage unknown for " + String.join(", ", unknown), rule);
        }
        return of(c.name(), target, "dependencies", CriterionState.MET, observed, threshold,
                all.isEmpty() ? "no dependencies" : "every dependency is in " + target.title() + " or higher", rule);
    }

    /** Uptime over a window: unknown when not probed or coverage is below {@code minCoverage}. */
    public static CriterionResult uptime(Component c, Stage target, String name, Uptime u, double min,
                                         double minCoverage, String rule) {
        return withUptimeFact(uptime0(c, target, name, u, min, minCoverage,
                "≥ " + percent(min) + " (coverage ≥ " + percent(minCoverage) + ")", rule), u, minCoverage);
    }

    /** {@code r} with the uptime it was judged on: counts and coverage, or why there are none. */
    private static CriterionResult withUptimeFact(CriterionResult r, Uptime u, double minCoverage) {
        String fact = "Uptime " + u.window();
        if (u.unknownReason() != null) {
            return r.with(FactRef.missing(fact, u.unknownReason()));
        }
        String counts = u.up() + " up, " + u.down() + " down, " + u.expected() + " expected";
        if (u.observed() == 0 || u.coverage() < minCoverage) {
            return r.with(new FactRef(fact, counts + " (coverage " + percent(u.coverage()) + ")", u.lastObservedAt(),
                    u.observed() == 0 ? "missing" : "stale"));
        }
        return r.with(FactRef.present(fact, counts, u.lastObservedAt()));
    }

    private static CriterionResult uptime0(Component c, Stage target, String name, Uptime u, double min,
                                           double minCoverage, String threshold, String rule) {
        if (u.unknownReason() != null) {
            return of(c.name(), target, name, CriterionState.UNKNOWN, "-", threshold, u.unknownReason(), rule);
        }
        if (!c.probed() && u.expected() == 0) {
            return of(c.name(), target, name, CriterionState.UNKNOWN, "-", threshold,
                    "not observed: no health check and no Prometheus uptime configured", rule);
        }
        String observed = u.observed() == 0 ? "-"
                : percent(u.ratio()) + " over " + u.window() + ", coverage " + percent(u.coverage());
        CriterionState state;
        String reason;
        if (u.observed() == 0) {
            state = CriterionState.UNKNOWN;
            reason = "no probe observed in the last " + u.window();
        } else if (u.coverage() < minCoverage) {
            state = CriterionState.UNKNOWN;
            reason = "coverage " + percent(u.coverage()) + " is below " + percent(minCoverage)
                    + ": too little of the " + u.window() + " was observed";
        } else if (u.ratio() >= min) {
            state = CriterionState.MET;
            reason = u.up() + " of " + u.observed() + " probes UP";
        } else {
            state = CriterionState.UNMET;
            reason = u.down() + " of " + u.observed() + " probes DOWN (" + duration(u.downSeconds()) + " down)";
        }
        if (c.probeFailure() != null) {  // the cause first-hand, not only its effect on the ratio
            reason += "; the last probe failed: " + c.probeFailure();
        }
        return new CriterionResult(c.name(), target, name, state, observed, threshold, reason, rule,
                u.lastObservedAt());
    }

    /** Observed soak time against the required time. */
    public static CriterionResult soakDuration(Component c, Stage target, Soak s, long requiredSeconds, String rule) {
        return withSoakFact(soakDuration0(c, target, s, requiredSeconds,
                "≥ " + duration(requiredSeconds) + " observed", rule), c, s);
    }

    /** {@code r} with the soak it was judged on, or why there is none. */
    private static CriterionResult withSoakFact(CriterionResult r, Component c, Soak s) {
        if (s == null) {
            return r.with(FactRef.missing("Soak", c.probed() ? "no probe yet in " + c.stage().title() : "not probed"));
        }
        return r.with(FactRef.present("Soak", "version " + (s.version() == null ? "?" : s.version()) + " in "
                + s.stage().title() + ": " + s.up() + " up, " + s.down() + " down, " + duration(s.observedSeconds())
                + " observed", s.startedAt()));
    }

    private static CriterionResult soakDuration0(Component c, Stage target, Soak s, long requiredSeconds,
                                                 String threshold, String rule) {
        if (!c.probed()) {
            return of(c.name(), target, "soak-duration", CriterionState.UNKNOWN, "-", threshold,
                    "not probed: a soak is clocked by the daemon's own health probes; configure a health check", rule);
        }
        if (s == null) {
            return of(c.name(), target, "soak-duration", CriterionState.UNKNOWN, "-", threshold,
                    "no soak yet: no probe has run in " + c.stage().title(), rule);
        }
        String version = s.version() == null ? "this version" : "version " + s.version();
        String observed = duration(s.observedSeconds()) + " observed over " + duration(s.wallSeconds());
        if (s.observedSeconds() >= requiredSeconds) {
            return of(c.name(), target, "soak-duration", CriterionState.MET, observed, threshold,
                    version + " has soaked " + duration(s.observedSeconds()) + " in " + s.stage().title(), rule);
        }
        return of(c.name(), target, "soak-duration", CriterionState.UNMET, observed, threshold,
                version + " needs " + duration(requiredSeconds - s.observedSeconds()) + " more observed soak", rule);
    }

    /**
     * The soak's error budget: {@code budgetRatio × requiredSeconds} of DOWN time, spent over the
     * soak or the trailing window, whichever is shorter. Failed when spent; at risk when the current
     * burn rate would spend it before the soak completes.
     */
    public static SoakVerdict soakBudget(Soak s, Uptime trailing, Uptime burn, long requiredSeconds, double budgetRatio,
                                         String rule) {
        long budget = Math.round(requiredSeconds * budgetRatio);
        long spent = Math.min(s.downSeconds(), trailing.downSeconds());
        // a budget of 0 (min_uptime 100%) is spent by the first DOWN second, not before it
        if (budget == 0 ? spent > 0 : spent >= budget) {
            return new SoakVerdict(s.component(), SoakState.FAILED, requiredSeconds, budget, spent,
                    "error budget spent: " + duration(spent) + " DOWN of " + duration(budget) + " allowed", rule);
        }
        boolean burnWithinSoak = s.wallSeconds() >= burn.windowSeconds();
        double rate = burnWithinSoak
                ? (burn.observed() == 0 ? 0 : (double) burn.down() / burn.observed())
                : (s.observed() == 0 ? 0 : (double) s.down() / s.observed());
        long remaining = Math.max(0, requiredSeconds - s.observedSeconds());
        double projected = spent + rate * remaining;
        if (remaining > 0 && (budget == 0 ? projected > 0 : projected >= budget)) {
            return new SoakVerdict(s.component(), SoakState.AT_RISK, requiredSeconds, budget, spent,
                    "at the current burn rate (" + percent(rate) + " DOWN over " + (burnWithinSoak ? burn.window() : "the soak")
                            + ") the budget runs out before the soak completes", rule);
        }
        return new SoakVerdict(s.component(), SoakState.OK, requiredSeconds, budget, spent,
                duration(spent) + " of " + duration(budget) + " error budget spent", rule);
    }

    /** An SLI that must stay at or below {@code max}; unknown whenever the SLI is. */
    public static CriterionResult atMost(Component c, Stage target, String name, Sli sli, double max, String rule) {
        return bound(c, target, name, sli, max, true, null, rule);
    }

    /** An SLI that must reach at least {@code min}; unknown whenever the SLI is. */
    public static CriterionResult atLeast(Component c, Stage target, String name, Sli sli, double min, String rule) {
        return bound(c, target, name, sli, min, false, null, rule);
    }

    /** @param shown the threshold text the result shows; null for the limit's own ("≤ 300 ms") */
    private static CriterionResult bound(Component c, Stage target, String name, Sli sli, double limit, boolean upper,
                                         String shown, String rule) {
        CriterionResult r = bound0(c, target, name, sli, limit, upper, shown, rule);
        String fact = "SLI " + sli.name() + " (" + sli.source() + ")";
        return r.with(sli.known() ? FactRef.present(fact, value(sli.name(), sli.value()), sli.sampleAt())
                : FactRef.missing(fact, sli.reason()));
    }

    private static CriterionResult bound0(Component c, Stage target, String name, Sli sli, double limit, boolean upper,
                                          String shown, String rule) {
        if (!sli.known()) {
            return new CriterionResult(c.name(), target, name, CriterionState.UNKNOWN, "-",
                    shown != null ? shown : (upper ? "≤ " : "≥ ") + value(sli.name(), limit),
                    sli.name() + " unknown: " + sli.reason(), rule, null);
        }
        String threshold = (upper ? "≤ " : "≥ ") + value(sli.name(), limit);  // the reason names the number
        double v = sli.value();
        boolean ok = upper ? v <= limit : v >= limit;
        String observed = value(sli.name(), v);
        String reason = sli.name() + " is " + observed + (ok ? ", within " : ", outside ") + threshold
                + " (" + sli.source() + ")";
        return new CriterionResult(c.name(), target, name, ok ? CriterionState.MET : CriterionState.UNMET, observed,
                shown != null ? shown : threshold, reason, rule, sli.sampleAt());
    }

    /**
     * An SLA criterion whose SLI has no fact at all: nothing is configured to measure it, so it is
     * unknown ("no SLIs configured for api" when the component has none, else the SLI is named).
     *
     * @param slis the component's SLI facts (of any name)
     */
    public static CriterionResult missingSli(Component c, Stage target, String name, String sliName,
                                             Collection<?> slis, double limit, boolean upper, String rule) {
        return missingSli0(c, target, name, sliName, slis, (upper ? "≤ " : "≥ ") + value(sliName, limit), rule);
    }

    private static CriterionResult missingSli0(Component c, Stage target, String name, String sliName,
                                               Collection<?> slis, String threshold, String rule) {
        boolean any = false;
        for (Object o : slis) {
            if (!isUptimeSeries(((Sli) o).name())) {
                any = true;
            }
        }
        String why = any ? "no " + sliName + " SLI configured for " + c.name() : "no SLIs configured for " + c.name();
        return new CriterionResult(c.name(), target, name, CriterionState.UNKNOWN, "-", threshold, why, rule, null,
                List.of(FactRef.missing("SLI " + sliName, why)));
    }

    /** The uptime_avg_* and uptime_count_* queries behind a Prometheus uptime series: not SLIs of their own. */
    static boolean isUptimeSeries(String sliName) {
        return sliName.startsWith("uptime_avg_") || sliName.startsWith("uptime_count_");
    }

    /**
     * "Monitoring configured": a health probe or uptime series, SLIs of which at least one resolves,
     * and an alert route (an Alertmanager, or a waiver for it). Missing set-up is unknown, like any
     * missing evidence; unmet only when the SLI source answered and none of the SLIs resolves (the
     * metrics the configuration names are not there).
     *
     * @param slis             the component's SLI facts
     * @param sources          every data source's status this cycle
     * @param alertRouteWaived the policy rules that waive the alert route for this component (may be empty)
     */
    public static CriterionResult monitoring(Component c, Stage target, Monitoring m, Collection<?> slis,
                                             Collection<?> sources, Collection<?> alertRouteWaived, String rule) {
        String threshold = "health probe or uptime series, SLIs resolving, alert route";
        List<String> observed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> unmet = new ArrayList<>();
        List<FactRef> refs = new ArrayList<>();
        String who = c.name();
        if (m.healthCheck() || m.uptimeSeries()) {
            String what = m.healthCheck() ? "health probe" : "uptime series";
            observed.add(what);
            refs.add(FactRef.present("Monitoring " + what, "configured", null));
        } else {
            unknown.add("no health check and no uptime series configured for " + who);
            refs.add(FactRef.missing("Monitoring health", "no health check and no uptime series"));
        }
        List<Sli> own = new ArrayList<>();
        for (Object o : slis) {
            Sli s = (Sli) o;
            if (!isUptimeSeries(s.name())) {
                own.add(s);
            }
        }
        own.sort(java.util.Comparator.comparing(Sli::name));
        long known = own.stream().filter(Sli::known).count();
        if (own.isEmpty()) {
            unknown.add("no SLIs configured for " + who);
            refs.add(FactRef.missing("SLIs", "none configured"));
        } else if (known > 0) {
            observed.add(known + " of " + own.size() + " SLIs resolve");
            refs.add(FactRef.present("SLIs", known + " of " + own.size() + " resolve", null));
        } else {
            Sli first = own.get(0);
            boolean sourceAnswered = false;
            for (Object o : sources) {
                SourceStatus st = (SourceStatus) o;
                if (st.source().equals(first.source()) && st.up()) {
                    sourceAnswered = true;
                }
            }
            String why = "none of " + who + "'s " + own.size() + " SLIs resolves (" + first.name() + ": "
                    + first.reason() + ")";
            if (sourceAnswered) {
                unmet.add(first.source() + " answers, but " + why);
            } else {
                unknown.add(why);
            }
            refs.add(FactRef.missing("SLIs", "0 of " + own.size() + " resolve"));
        }
        String waiver = null;
        if (m.alertRoute()) {
            observed.add(m.alertmanagers() + " Alertmanager" + (m.alertmanagers() == 1 ? "" : "s"));
            refs.add(FactRef.present("Alert route", m.alertmanagers() + " Alertmanager(s)", null));
        } else if (!alertRouteWaived.isEmpty()) {
            List<String> rules = new ArrayList<>();
            alertRouteWaived.forEach(o -> rules.add(String.valueOf(o)));
            rules.sort(null);
            waiver = rules.get(0);
            observed.add("alert route waived by policy: " + waiver);
            refs.add(FactRef.present("Alert route", "waived by policy: " + waiver, null));
        } else {
            unknown.add("no Alertmanager configured: pages for " + who + " would reach no one");
            refs.add(FactRef.missing("Alert route", "no Alertmanager configured"));
        }
        CriterionState state = !unmet.isEmpty() ? CriterionState.UNMET
                : !unknown.isEmpty() ? CriterionState.UNKNOWN : CriterionState.MET;
        List<String> reasons = new ArrayList<>(unmet);
        reasons.addAll(unknown);
        String reason = state == CriterionState.MET ? String.join(", ", observed) : String.join("; ", reasons);
        return new CriterionResult(c.name(), target, "monitoring", state, observed.isEmpty() ? "-" : String.join(", ", observed),
                threshold, reason, rule, null, refs, waiver);
    }

    /** "monitoring" for a component whose set-up no fact describes: unknown. */
    public static CriterionResult monitoringNotReported(Component c, Stage target, String rule) {
        return of(c.name(), target, "monitoring", CriterionState.UNKNOWN, "-",
                "health probe or uptime series, SLIs resolving, alert route",
                "no monitoring set-up reported for " + c.name(), rule)
                .with(FactRef.missing("Monitoring", "not reported"));
    }

    /**
     * {@code r} waived by the policy rule {@code policyRule}: met, saying so first, and keeping what
     * it would have been (state, reason, facts) in the explanation.
     */
    public static CriterionResult waived(CriterionResult r, String policyRule, String why) {
        List<FactRef> refs = new ArrayList<>(r.facts());
        refs.add(FactRef.present("Waiver", why, null));
        return new CriterionResult(r.component(), r.target(), r.name(), CriterionState.MET, r.observed(), r.threshold(),
                "waived by policy: " + policyRule + " (" + why + "); without the waiver: " + r.state().label()
                        + (r.reason().isEmpty() ? "" : ", " + r.reason()),
                policyRule, r.evidenceAt(), refs, policyRule);
    }

    /** A Production SLI outside its bound right now; null when within bounds or unknown. */
    public static Breach breach(Sli sli, double limit, boolean upper, String rule) {
        if (!sli.known() || (upper ? sli.value() <= limit : sli.value() >= limit)) {
            return null;
        }
        String threshold = (upper ? "≤ " : "≥ ") + value(sli.name(), limit);
        return new Breach(sli.component(), sli.name(), value(sli.name(), sli.value()), threshold,
                sli.name() + " is " + value(sli.name(), sli.value()) + ", outside " + threshold
                        + (sli.version() == null ? "" : " for " + sli.version()), rule, sli.sampleAt(), sli.version());
    }

    /** Formats an SLI value by the unit its name ends with. */
    public static String value(String sliName, double v) {
        if (sliName.endsWith("_seconds")) {
            return v < 1 ? fixed(v * 1000, 1) + " ms" : fixed(v, 3) + " s";
        }
        if (sliName.endsWith("_ratio")) {
            return percent(v);
        }
        if (sliName.endsWith("_rate")) {
            return fixed(v, 2) + " req/s";
        }
        if (sliName.endsWith("_bytes")) {
            return fixed(v / (1024 * 1024), 1) + " MiB";
        }
        return fixed(v, 4);
    }

    public static String percent(double ratio) {
        if (Double.isNaN(ratio)) {
            return "-";
        }
        return fixed(ratio * 100, 2) + "%";
    }

    /**
     * {@code v} rounded to {@code decimals} places, without trailing zeros ("99.5", "100", "0.07").
     * Cycles format tens of thousands of explanations, so this avoids String.format.
     */
    static String fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        long scaled = Math.round(Math.abs(v) * scale);
        StringBuilder b = new StringBuilder(12);
        if (v < 0 && scaled != 0) {
            b.append('-');
        }
        b.append(scaled / scale);
        long frac = scaled % scale;
        if (frac != 0) {
            String digits = Long.toString(frac + scale).substring(1);
            int endAt = digits.length();
            while (digits.charAt(endAt - 1) == '0') {
                endAt--;
            }
            b.append('.').append(digits, 0, endAt);
        }
        return b.toString();
    }

    /** "7d", "6d 23h", "50m 24s", "0s". */
    public static String duration(long seconds) {
        if (seconds <= 0) {
            return "0s";
        }
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder b = new StringBuilder();
        if (d > 0) {
            b.append(d).append("d ");
        }
        if (h > 0) {
            b.append(h).append("h ");
        }
        if (m > 0 && d == 0) {
            b.append(m).append("m ");
        }
        if (s > 0 && d == 0 && h == 0) {
            b.append(s).append("s ");
        }
        if (b.length() == 0) {
            b.append(d > 0 ? d + "d" : h + "h");
        }
        return b.toString().trim();
    }

    // ---- The same criteria against policy thresholds: the threshold shown names its origin ----

    /**
     * Uptime over the policy's window: {@code uptime ≥ min}, unknown below {@code minObserved}
     * coverage. The threshold names each setting's origin, once when they share their scope.
     */
    public static CriterionResult uptime(Component c, Stage target, Uptime u, Threshold min, Threshold window,
                                         Threshold minObserved, String rule) {
        return withUptimeFact(uptime0(c, target, "uptime-" + u.window(), u, min.value(), minObserved.value(),
                uptimeThreshold(u.window(), min, window, minObserved), rule), u, minObserved.value());
    }

    /** The uptime criterion's threshold text, built once per set of thresholds, not per component and cycle. */
    private static String uptimeThreshold(String windowName, Threshold min, Threshold window, Threshold minObserved) {
        if (UPTIME_TEXTS.size() > 10_000) {  // thresholds of many reloads ago: let them go
            UPTIME_TEXTS.clear();
        }
        return UPTIME_TEXTS.computeIfAbsent(new UptimeText(min, window, minObserved, windowName), t -> {
            String origins = min.scope().equals(window.scope()) && min.scope().equals(minObserved.scope())
                    ? min.origin()
                    : "uptime " + min.origin() + "; window " + window.origin() + "; observed " + minObserved.origin();
            return min.comparison() + " over " + windowName + ", observed " + minObserved.comparison() + " (" + origins
                    + ")";
        });
    }

    /**
     * Uptime over the policy's window when no Uptime fact reports that window (the ledger does not
     * keep it, e.g. while a reload switches windows): unknown, never left out, since a criterion
     * that is missing would let the others say ready.
     */
    public static CriterionResult uptimeNotReported(Component c, Stage target, Threshold min, Threshold window,
                                                    Threshold minObserved, String rule) {
        String name = window.text();
        String why = "no uptime is reported over " + name + ": the daemon keeps no " + name + " window (yet)";
        return of(c.name(), target, "uptime-" + name, CriterionState.UNKNOWN, "-",
                uptimeThreshold(name, min, window, minObserved), why, rule).with(FactRef.missing("Uptime " + name, why));
    }

    /** The parts of an uptime criterion's threshold text. */
    private record UptimeText(Threshold min, Threshold window, Threshold observed, String windowName) {
    }

    private static final java.util.Map<UptimeText, String> UPTIME_TEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Observed soak {@code ≥ required}. */
    public static CriterionResult soakDuration(Component c, Stage target, Soak s, Threshold required, String rule) {
        return withSoakFact(soakDuration0(c, target, s, required.seconds(), required.describe("observed"), rule), c, s);
    }

    /** The soak's error budget: {@code budget} of the required soak may be DOWN. */
    public static SoakVerdict soakBudget(Soak s, Uptime trailing, Uptime burn, Threshold soak, Threshold budget,
                                         String rule) {
        return soakBudget(s, trailing, burn, soak.seconds(), budget.value(), rule);
    }

    /** An SLI {@code ≤ max} (or {@code ≥ min}, as the threshold bounds); unknown whenever the SLI is. */
    public static CriterionResult sla(Component c, Stage target, String name, Sli sli, Threshold limit, String rule) {
        return bound(c, target, name, sli, limit.value(), limit.bound() == Threshold.Bound.AT_MOST, limit.describe(),
                rule);
    }

    /** An SLA criterion with a policy threshold whose SLI nothing measures: unknown. */
    public static CriterionResult missingSli(Component c, Stage target, String name, String sliName,
                                             Collection<?> slis, Threshold limit, String rule) {
        return missingSli0(c, target, name, sliName, slis, limit.describe(), rule);
    }

    /** A known SLI outside its policy threshold, for the production guard. */
    public static Breach breach(Sli sli, Threshold limit, String rule) {
        return breach(sli, limit.value(), limit.bound() == Threshold.Bound.AT_MOST, rule);
    }

    /**
     * "24 hours of close watch after going live", for the version running in Production: met while
     * no breach is found during the watch ("in close watch until T"), unmet while one is, and met
     * once the watch is over ("close watch ended at T"). Unknown without a Production soak (not
     * probed, or no probe yet since the version went live): then nobody watched it.
     *
     * @param breaches  the component's breaches found by this evaluation
     * @param rollbacks the rollbacks already claimed for the component
     */
    public static CriterionResult closeWatch(Component c, Soak s, Threshold watch, Collection<?> breaches,
                                             Collection<?> rollbacks, String rule) {
        String threshold = "no breach for " + watch.text() + " after going live (" + watch.origin() + ")";
        if (s == null) {
            return of(c.name(), Stage.PRODUCTION, "close-watch", CriterionState.UNKNOWN, "-", threshold,
                    c.probed() ? "no probe yet since " + (c.version() == null ? "this version" : c.version())
                            + " went live: the close watch has not begun" : "not probed: nobody watches it", rule)
                    .with(FactRef.missing("Soak", "no soak in Production"));
        }
        String version = s.version() == null ? "this version" : s.version();
        Instant until = s.startedAt().plusSeconds(watch.seconds());
        boolean open = s.wallSeconds() < watch.seconds();
        List<String> now = new ArrayList<>();
        for (Object o : breaches) {
            Breach b = (Breach) o;
            if (s.version() == null || s.version().equals(b.version()) || b.version() == null) {
                now.add(b.reason());
            }
        }
        long rolledBack = 0;
        for (Object o : rollbacks) {
            if (((Rollback) o).version().equals(s.version())) {
                rolledBack++;
            }
        }
        CriterionResult r;
        if (open && !now.isEmpty()) {
            r = of(c.name(), Stage.PRODUCTION, "close-watch", CriterionState.UNMET, now.size() + " breach(es) now",
                    threshold, "in close watch until " + until + ": " + String.join("; ", now), rule);
        } else if (open) {
            r = of(c.name(), Stage.PRODUCTION, "close-watch", CriterionState.MET, "in close watch", threshold,
                    version + " is in close watch until " + until + " (" + duration(watch.seconds() - s.wallSeconds())
                            + " left): no breach at this evaluation", rule);
        } else {
            r = of(c.name(), Stage.PRODUCTION, "close-watch", CriterionState.MET, "watch ended", threshold,
                    "the close watch of " + version + " ended at " + until + (rolledBack == 0
                            ? " with no rollback of it" : " after " + rolledBack + " rollback claim(s) of it"), rule);
        }
        return r.with(FactRef.present("Soak", "version " + version + " in Production since " + s.startedAt(),
                s.startedAt()));
    }
}
