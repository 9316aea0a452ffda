package dev.promotiond.facts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Criteria judged from CI evidence, for DRL consequences. Each takes every {@link Evidence} fact of
 * the component (rules collect them with {@code accumulate}); the one of the named kind is used
 * only when it was produced for the running version, otherwise the result is unknown and says
 * which version the evidence was for. Thresholds come from the rules.
 */
public final class EvidenceCriteria {
    private EvidenceCriteria() {
    }

    /** Line coverage of the {@code kind} evidence must be at least {@code minPercent} (0–100). */
    public static CriterionResult coverage(Component c, Stage target, String name, String kind, Collection<?> evidence,
                                           double minPercent, String rule) {
        return explained(coverage0(c, target, name, kind, evidence, minPercent,
                "≥ " + Criteria.fixed(minPercent, 2) + "% lines", rule), c, kind, evidence);
    }

    private static CriterionResult coverage0(Component c, Stage target, String name, String kind, Collection<?> evidence,
                                           double minPercent, String threshold, String rule) {
        Evidence e = current(c, kind, evidence);
        if (e == null) {
            return unknown(c, target, name, threshold, whyNot(c, kind, evidence), rule);
        }
        Double pct = e.value("line_coverage_percent");
        if (pct == null) {
            return unknown(c, target, name, threshold, kind + " evidence for " + e.version()
                    + " has no coverage report (push Cobertura, JaCoCo or coverage.py JSON with it)", rule);
        }
        String observed = Criteria.fixed(pct, 2) + "%" + counts(e, "lines_covered", "lines_valid", " lines");
        boolean ok = pct >= minPercent;
        return result(c, target, name, ok, observed, threshold, kind + " line coverage " + Criteria.fixed(pct, 2) + "% "
                + (ok ? "reaches " : "is below ") + Criteria.fixed(minPercent, 2) + "%" + provenance(e), rule, e);
    }

    /** The {@code kind} test run must have run tests, with no failures and no errors. */
    public static CriterionResult testsPass(Component c, Stage target, String name, String kind, Collection<?> evidence,
                                            String rule) {
        return explained(testsPass0(c, target, name, kind, evidence, rule), c, kind, evidence);
    }

    private static CriterionResult testsPass0(Component c, Stage target, String name, String kind, Collection<?> evidence,
                                            String rule) {
        String threshold = "0 failed, ≥ 1 run";
        Evidence e = current(c, kind, evidence);
        if (e == null) {
            return unknown(c, target, name, threshold, whyNot(c, kind, evidence), rule);
        }
        Double tests = e.value("tests");
        if (tests == null) {
            return unknown(c, target, name, threshold, kind + " evidence for " + e.version()
                    + " has no test results (push a JUnit XML report with it)", rule);
        }
        long run = Math.round(tests);
        long failed = Math.round(orZero(e, "failures") + orZero(e, "errors"));
        long skipped = Math.round(orZero(e, "skipped"));
        String observed = (run - failed - skipped) + " passed, " + failed + " failed, " + skipped + " skipped";
        if (run == 0) {
            return result(c, target, name, false, observed, threshold, "no " + kind + " tests ran" + provenance(e), rule, e);
        }
        boolean ok = failed == 0;
        return result(c, target, name, ok, observed, threshold, (ok ? "all " + (run - skipped) + " " + kind
                + " tests that ran passed" : failed + " of " + run + " " + kind + " tests failed") + provenance(e), rule, e);
    }

    /**
     * The sum of the named values ({@code "severity_high,severity_medium"}) must be at most {@code max}:
     * lint violations, type errors, security findings.
     */
    public static CriterionResult countAtMost(Component c, Stage target, String name, String kind,
                                              Collection<?> evidence, String valueNames, double max, String what,
                                              String rule) {
        return explained(countAtMost0(c, target, name, kind, evidence, valueNames, max, what,
                "≤ " + Criteria.fixed(max, 0) + " " + what, rule), c, kind, evidence);
    }

    private static CriterionResult countAtMost0(Component c, Stage target, String name, String kind,
                                              Collection<?> evidence, String valueNames, double max, String what,
                                              String threshold, String rule) {
        Evidence e = current(c, kind, evidence);
        if (e == null) {
            return unknown(c, target, name, threshold, whyNot(c, kind, evidence), rule);
        }
        double sum = 0;
        List<String> missing = new ArrayList<>();
        for (String v : valueNames.split(",")) {
            Double x = e.value(v.trim());
            if (x == null) {
                missing.add(v.trim());
            } else {
                sum += x;
            }
        }
        if (!missing.isEmpty()) {
            return unknown(c, target, name, threshold, kind + " evidence for " + e.version() + " does not report "
                    + String.join(", ", missing) + " (tool: " + e.tool() + ")", rule);
        }
        boolean ok = sum <= max;
        String observed = Criteria.fixed(sum, 0) + " " + what;
        return result(c, target, name, ok, observed, threshold, observed + (ok ? "" : ", more than allowed")
                + provenance(e), rule, e);
    }

    /** Severities of security findings, highest first, as bandit names them (it has no "critical"). */
    private static final List<String> SEVERITIES = List.of("HIGH", "MEDIUM", "LOW");

    /**
     * Security findings ({@code severity_high}, {@code severity_medium}, {@code severity_low}) at or
     * above {@code failAtSeverity} must be at most {@code max}. Findings of MEDIUM severity or higher
     * that stay below it do not count against the criterion; the reason names them as a warning.
     * A severity other than HIGH, MEDIUM or LOW makes the result unknown and says so.
     */
    public static CriterionResult securityFindings(Component c, Stage target, String name, String kind,
                                                   Collection<?> evidence, String failAtSeverity, double max,
                                                   String rule) {
        return explained(securityFindings0(c, target, name, kind, evidence, failAtSeverity, max, null, null, rule), c,
                kind, evidence);
    }

    /** @param failAtT and {@code maxT}: the policy thresholds whose origins the threshold text names, or null */
    private static CriterionResult securityFindings0(Component c, Stage target, String name, String kind,
                                                     Collection<?> evidence, String failAtSeverity, double max,
                                                     Threshold failAtT, Threshold maxT, String rule) {
        String failAt = failAtSeverity == null ? "" : failAtSeverity.trim().toUpperCase(java.util.Locale.ROOT);
        int cut = SEVERITIES.indexOf(failAt);
        if (cut < 0) {
            return unknown(c, target, name, shown("-", failAtT, maxT), "the policy's failAtSeverity \""
                    + failAtSeverity + "\" is not a severity; use HIGH, MEDIUM or LOW", rule);
        }
        String what = "of " + failAt + " severity" + (cut == 0 ? "" : " or higher");
        String threshold = shown("≤ " + findings(max) + " " + what, failAtT, maxT);
        Evidence e = current(c, kind, evidence);
        if (e == null) {
            return unknown(c, target, name, threshold, whyNot(c, kind, evidence), rule);
        }
        List<String> missing = new ArrayList<>();
        Double[] counts = new Double[SEVERITIES.size()];
        for (int i = 0; i < SEVERITIES.size(); i++) {
            String value = "severity_" + SEVERITIES.get(i).toLowerCase(java.util.Locale.ROOT);
            counts[i] = e.value(value);
            if (counts[i] == null && i <= cut) {
                missing.add(value);
            }
        }
        if (!missing.isEmpty()) {
            return unknown(c, target, name, threshold, kind + " evidence for " + e.version() + " does not report "
                    + String.join(", ", missing) + " (tool: " + e.tool() + ")", rule);
        }
        double failing = 0;
        List<String> observed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < SEVERITIES.size(); i++) {
            String label = SEVERITIES.get(i).toLowerCase(java.util.Locale.ROOT);
            if (counts[i] == null) {
                continue; // a lower severity the tool did not report: neither fails nor warns
            }
            observed.add(Criteria.fixed(counts[i], 0) + " " + label);
            if (i <= cut) {
                failing += counts[i];
            } else if (counts[i] > 0 && !SEVERITIES.get(i).equals("LOW")) {
                warnings.add(Criteria.fixed(counts[i], 0) + " " + label + "-severity finding" + (counts[i] == 1 ? "" : "s"));
            }
        }
        boolean ok = failing <= max;
        String reason = ok
                ? (failing == 0 ? "no findings " + what : findings(failing) + " " + what + ", within the "
                        + Criteria.fixed(max, 0) + " allowed")
                : findings(failing) + " " + what + ", more than the " + Criteria.fixed(max, 0) + " allowed";
        if (!warnings.isEmpty()) {
            reason += "; warning: " + String.join(", ", warnings) + " (below " + failAt + ", the severity that fails)";
        }
        return result(c, target, name, ok, String.join(", ", observed), threshold, reason + provenance(e), rule, e);
    }

    private static String findings(double n) {
        return Criteria.fixed(n, 0) + (n == 1 ? " finding" : " findings");
    }

    /** Every named check ({@code "readme,api_docs"} or {@code "passed"}) of the {@code kind} evidence is true. */
    public static CriterionResult checks(Component c, Stage target, String name, String kind, Collection<?> evidence,
                                         String checkNames, String rule) {
        return explained(checks0(c, target, name, kind, evidence, checkNames, rule), c, kind, evidence);
    }

    private static CriterionResult checks0(Component c, Stage target, String name, String kind, Collection<?> evidence,
                                         String checkNames, String rule) {
        List<String> names = new ArrayList<>();
        for (String n : checkNames.split(",")) {
            names.add(n.trim());
        }
        String threshold = String.join(", ", names) + " true";
        Evidence e = current(c, kind, evidence);
        if (e == null) {
            return unknown(c, target, name, threshold, whyNot(c, kind, evidence), rule);
        }
        List<String> failed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            Double v = e.value(n.equals("passed") ? n : "check." + n);
            if (v == null) {
                missing.add(n);
            } else if (v < 1) {
                failed.add(n);
            }
        }
        String observed = names.size() - failed.size() - missing.size() + " of " + names.size() + " true";
        if (!failed.isEmpty()) {
            return result(c, target, name, false, observed, threshold, "false: " + String.join(", ", failed)
                    + provenance(e), rule, e);
        }
        if (!missing.isEmpty()) {
            return unknown(c, target, name, threshold, kind + " evidence for " + e.version() + " does not say "
                    + String.join(", ", missing), rule);
        }
        return result(c, target, name, true, observed, threshold, "all true" + provenance(e), rule, e);
    }

    /**
     * A rollback is documented when the daemon has a rollback plan for the component, or the
     * rollback-test evidence says {@code documented}.
     */
    public static CriterionResult rollbackDocumented(Component c, Stage target, String name, Collection<?> plans,
                                                     Collection<?> evidence, String rule) {
        String threshold = "a rollback plan";
        for (Object o : plans) {
            RollbackPlan p = (RollbackPlan) o;
            if (p.component().equals(c.name())) {
                return result(c, target, name, true, p.mechanism() + (p.dryRun() ? " (dry run)" : ""), threshold,
                        "rollback by " + p.mechanism() + ": " + p.target(), rule, null);
            }
        }
        Evidence e = current(c, "rollback-test", evidence);
        if (e != null && e.value("check.documented") != null) {
            boolean ok = e.value("check.documented") >= 1;
            return result(c, target, name, ok, ok ? "documented" : "not documented", threshold,
                    "rollback-test evidence says it is " + (ok ? "" : "not ") + "documented" + provenance(e), rule, e);
        }
        return unknown(c, target, name, threshold, "no rollback configured for the daemon and no rollback-test"
                + " evidence with checks.documented for the running version", rule);
    }

    /** Attaches the evidence judged, or the missing / stale evidence an unknown result lacked. */
    static CriterionResult explained(CriterionResult r, Component c, String kind, Collection<?> evidence) {
        String fact = "Evidence " + kind;
        Evidence e = current(c, kind, evidence);
        if (e != null) {
            String hash = e.sha256().isEmpty() ? ""
                    : ", sha256 " + (e.sha256().length() > 12 ? e.sha256().substring(0, 12) : e.sha256());
            return r.with(FactRef.present(fact, "version " + e.version() + ", " + e.tool() + hash, e.receivedAt()));
        }
        Evidence latest = null;
        for (Object o : evidence) {
            Evidence x = (Evidence) o;
            if (x.component().equals(c.name()) && x.kind().equals(kind)
                    && (latest == null || x.receivedAt().isAfter(latest.receivedAt()))) {
                latest = x;
            }
        }
        if (latest != null && c.version() != null) {
            return r.with(FactRef.stale(fact, "for version " + latest.version() + ", not the running " + c.version(),
                    latest.receivedAt()));
        }
        return r.with(FactRef.missing(fact, whyNot(c, kind, evidence)));
    }

    /** The evidence of {@code kind} produced for the running version, or null. */
    public static Evidence current(Component c, String kind, Collection<?> evidence) {
        Evidence latest = null;
        for (Object o : evidence) {
            Evidence e = (Evidence) o;
            if (e.component().equals(c.name()) && e.kind().equals(kind) && e.isFor(c.version())
                    && (latest == null || e.receivedAt().isAfter(latest.receivedAt()))) {
                latest = e;
            }
        }
        return latest;
    }

    /** Why there is no current evidence of {@code kind}: no version, none at all, or only for other versions. */
    static String whyNot(Component c, String kind, Collection<?> evidence) {
        if (c.version() == null) {
            return "the running version is unknown (" + c.versionUnknownBecause() + "), so " + kind
                    + " evidence cannot be matched to it";
        }
        Evidence latest = null;
        for (Object o : evidence) {
            Evidence e = (Evidence) o;
            if (e.component().equals(c.name()) && e.kind().equals(kind)
                    && (latest == null || e.receivedAt().isAfter(latest.receivedAt()))) {
                latest = e;
            }
        }
        if (latest == null) {
            return "no " + kind + " evidence received";
        }
        return "stale: the latest " + kind + " evidence is for version " + latest.version() + ", not the running "
                + c.version() + " (received " + latest.receivedAt() + ")";
    }

    private static String provenance(Evidence e) {
        return " (" + (e.tool().isEmpty() ? "" : e.tool() + ", ") + "version " + e.version() + ")";
    }

    private static String counts(Evidence e, String part, String whole, String unit) {
        Double p = e.value(part);
        Double w = e.value(whole);
        return p == null || w == null ? "" : " (" + Math.round(p) + "/" + Math.round(w) + unit + ")";
    }

    static double orZero(Evidence e, String name) {
        Double v = e.value(name);
        return v == null ? 0 : v;
    }

    static CriterionResult unknown(Component c, Stage target, String name, String threshold, String reason,
                                           String rule) {
        return new CriterionResult(c.name(), target, name, CriterionState.UNKNOWN, "-", threshold, reason, rule, null);
    }

    static CriterionResult result(Component c, Stage target, String name, boolean ok, String observed,
                                  String threshold, String reason, String rule, Evidence e) {
        return new CriterionResult(c.name(), target, name, ok ? CriterionState.MET : CriterionState.UNMET, observed,
                threshold, reason, rule, e == null ? null : e.receivedAt());
    }

    // ---- The same criteria against policy thresholds: the threshold shown names its origin ----

    /** Line coverage {@code ≥ min}. */
    public static CriterionResult coverage(Component c, Stage target, String name, String kind, Collection<?> evidence,
                                           Threshold min, String rule) {
        return explained(coverage0(c, target, name, kind, evidence, min.value() * 100, min.describe("lines"), rule), c,
                kind, evidence);
    }

    /** A count the report gives {@code ≤ max}. */
    public static CriterionResult countAtMost(Component c, Stage target, String name, String kind,
                                              Collection<?> evidence, String field, Threshold max, String what,
                                              String rule) {
        return explained(countAtMost0(c, target, name, kind, evidence, field, max.value(), what, max.describe(what),
                rule), c, kind, evidence);
    }

    /** Findings at {@code failAt} or above {@code ≤ max}. */
    public static CriterionResult securityFindings(Component c, Stage target, String name, String kind,
                                                   Collection<?> evidence, Threshold failAt, Threshold max, String rule) {
        return explained(securityFindings0(c, target, name, kind, evidence, failAt.text(), max.value(), failAt, max,
                rule), c, kind, evidence);
    }

    /** {@code text}, with the origins of {@code failAt} and {@code max} when the policy gave them (not null). */
    static String shown(String text, Threshold failAt, Threshold max) {
        return max == null ? text : withOrigins(text, failAt, max);
    }

    /** {@code text} with where its fail level and count come from, built once per text when they share a scope. */
    static String withOrigins(String text, Threshold failAt, Threshold max) {
        return failAt.scope().equals(max.scope()) ? max.after(text) : text + " (" + origins(failAt, max) + ")";
    }

    /** Where a fail level and its count come from: the count's when both have its scope, else each. */
    static String origins(Threshold failAt, Threshold max) {
        return failAt.scope().equals(max.scope()) ? max.origin()
                : "fail level " + failAt.origin() + "; count " + max.origin();
    }
}
