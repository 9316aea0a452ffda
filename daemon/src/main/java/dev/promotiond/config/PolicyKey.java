package dev.promotiond.config;

import dev.promotiond.facts.Threshold.Bound;
import java.util.ArrayList;
import java.util.List;

/**
 * Every threshold the policy file may set: its section and name, its unit, its direction, and the
 * criterion it feeds. The numbers themselves live in the rules folder's policy.yaml, never here.
 */
public enum PolicyKey {
    UNIT_COVERAGE("to_staging", "min_unit_coverage", Unit.PERCENT, Bound.AT_LEAST, true, "unit-coverage",
            "line coverage of the unit tests"),
    LINT_VIOLATIONS("to_staging", "max_lint_violations", Unit.COUNT, Bound.AT_MOST, true, "lint", "ruff violations"),
    TYPE_ERRORS("to_staging", "max_type_errors", Unit.COUNT, Bound.AT_MOST, true, "type-check", "pyright errors"),
    STAGING_SECURITY_FAIL_AT("to_staging", "security_fail_at", Unit.BANDIT_SEVERITY, Bound.SETTING, true, "security-scan",
            "the least severity of a bandit finding that counts"),
    STAGING_SECURITY_FINDINGS("to_staging", "max_security_findings", Unit.COUNT, Bound.AT_MOST, true, "security-scan",
            "bandit findings at or above security_fail_at"),

    INTEGRATION_COVERAGE("to_production", "min_integration_coverage", Unit.PERCENT, Bound.AT_LEAST, true,
            "integration-coverage", "line coverage of the integration tests"),
    SOAK("to_production", "soak", Unit.DURATION, Bound.AT_LEAST, true, "soak-duration",
            "observed soak time of the running version in Staging"),
    STAGING_UPTIME("to_production", "min_uptime", Unit.PERCENT, Bound.AT_LEAST, true, "uptime-{window}",
            "uptime over the trailing uptime_window"),
    STAGING_UPTIME_WINDOW("to_production", "uptime_window", Unit.WINDOW, Bound.SETTING, true, "uptime-{window}",
            "the trailing window uptime is judged over"),
    STAGING_OBSERVED("to_production", "min_observed", Unit.PERCENT, Bound.AT_LEAST, true, "uptime-{window}",
            "share of the window's probe slots observed; below it uptime is unknown"),
    ERROR_BUDGET("to_production", "max_error_budget", Unit.PERCENT, Bound.AT_MOST, false, "soak (PromotionSoakFailed)",
            "share of the soak that may be DOWN; derived as 100% - min_uptime unless set"),
    PRODUCTION_SECURITY_FAIL_AT("to_production", "security_fail_at", Unit.BANDIT_SEVERITY, Bound.SETTING, true,
            "critical-vulnerabilities", "the least severity of a bandit finding that counts"),
    PRODUCTION_SECURITY_FINDINGS("to_production", "max_security_findings", Unit.COUNT, Bound.AT_MOST, true,
            "critical-vulnerabilities", "bandit findings at or above security_fail_at"),
    VULNERABILITIES_FAIL_AT("to_production", "vulnerabilities_fail_at", Unit.SEVERITY, Bound.SETTING, true,
            "dependency-vulnerabilities", "the least severity of a dependency vulnerability that counts"),
    VULNERABILITIES("to_production", "max_vulnerabilities", Unit.COUNT, Bound.AT_MOST, true,
            "dependency-vulnerabilities", "dependency vulnerabilities at or above vulnerabilities_fail_at"),
    OUTDATED_DEPENDENCIES("to_production", "max_outdated_dependencies", Unit.COUNT, Bound.AT_MOST, true,
            "dependencies-up-to-date", "dependencies with a newer release"),

    LATENCY_P50("sla", "max_latency_p50", Unit.DURATION, Bound.AT_MOST, false, "latency-p50", "p50 request latency"),
    LATENCY_P95("sla", "max_latency_p95", Unit.DURATION, Bound.AT_MOST, false, "latency-p95", "p95 request latency"),
    LATENCY_P99("sla", "max_latency_p99", Unit.DURATION, Bound.AT_MOST, false, "latency-p99", "p99 request latency"),
    ERROR_RATIO("sla", "max_error_ratio", Unit.PERCENT, Bound.AT_MOST, false, "error-ratio", "share of requests failed"),
    PEAK_LOAD("sla", "min_peak_load", Unit.RATE, Bound.AT_LEAST, false, "peak-load",
            "peak request rate handled during the soak"),

    PRODUCTION_UPTIME("in_production", "min_uptime", Unit.PERCENT, Bound.AT_LEAST, true, "uptime-{window}",
            "uptime over the trailing uptime_window"),
    PRODUCTION_UPTIME_WINDOW("in_production", "uptime_window", Unit.WINDOW, Bound.SETTING, true, "uptime-{window}",
            "the trailing window uptime is judged over"),
    PRODUCTION_OBSERVED("in_production", "min_observed", Unit.PERCENT, Bound.AT_LEAST, true, "uptime-{window}",
            "share of the window's probe slots observed; below it uptime is unknown"),
    CLOSE_WATCH("in_production", "close_watch", Unit.DURATION, Bound.SETTING, true, "close-watch",
            "the watch after a version reaches Production; a breach rolls back only within it"),
    BREACH_FOR("in_production", "breach_for", Unit.DURATION, Bound.SETTING, true, "ProductionGuardTripped",
            "how long a breach holds before the guard trips"),
    ROLLBACKS_PER_WATCH("in_production", "max_rollbacks_per_watch", Unit.COUNT, Bound.AT_MOST, true,
            "ProductionGuardTripped", "automatic rollbacks of one component within one close watch"),

    SOURCE_DOWN_FOR("alerts", "source_down_for", Unit.DURATION, Bound.SETTING, true, "PromotionDataSourceDown",
            "how long a data source is down before the warning fires");

    /** The sections a component or group may override; "alerts" belongs to no component. */
    static final List<String> COMPONENT_SECTIONS = List.of("to_staging", "to_production", "sla", "in_production");

    /** How a threshold is written. */
    public enum Unit {
        PERCENT("a percentage such as 99.5%"),
        DURATION("a duration such as 500ms, 5m, 24h or 7d"),
        WINDOW("a window of whole minutes such as 1h, 24h, 7d or 14d"),
        COUNT("a whole number such as 0 or 3"),
        SEVERITY("a severity: LOW, MEDIUM, HIGH or CRITICAL"),
        BANDIT_SEVERITY("a bandit severity: LOW, MEDIUM or HIGH (bandit has no CRITICAL)"),
        RATE("a request rate such as 50/s or 3000/m");

        final String hint;

        Unit(String hint) {
            this.hint = hint;
        }
    }

    private final String section;
    private final String name;
    private final Unit unit;
    private final Bound bound;
    private final boolean required;
    private final String criterion;
    private final String meaning;

    PolicyKey(String section, String name, Unit unit, Bound bound, boolean required, String criterion, String meaning) {
        this.section = section;
        this.name = name;
        this.unit = unit;
        this.bound = bound;
        this.required = required;
        this.criterion = criterion;
        this.meaning = meaning;
    }

    public String section() {
        return section;
    }

    public String key() {
        return name;
    }

    /** "to_production.min_uptime" */
    public String path() {
        return section + "." + name;
    }

    public Unit unit() {
        return unit;
    }

    public Bound bound() {
        return bound;
    }

    /** Whether defaults must set it; an optional threshold left unset is not judged (or is derived). */
    public boolean required() {
        return required;
    }

    /** The criterion (or alert) it feeds; "{window}" stands for the uptime window's name. */
    public String criterion() {
        return criterion;
    }

    public String meaning() {
        return meaning;
    }

    static List<String> keys(String section) {
        List<String> out = new ArrayList<>();
        for (PolicyKey k : values()) {
            if (k.section.equals(section)) {
                out.add(k.name);
            }
        }
        return out;
    }

    static PolicyKey of(String section, String key) {
        for (PolicyKey k : values()) {
            if (k.section.equals(section) && k.name.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
