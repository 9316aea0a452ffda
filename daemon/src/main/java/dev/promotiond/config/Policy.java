package dev.promotiond.config;

import dev.promotiond.facts.AlertPolicy;
import dev.promotiond.facts.InProductionPolicy;
import dev.promotiond.facts.SlaPolicy;
import dev.promotiond.facts.Threshold;
import dev.promotiond.facts.ToProductionPolicy;
import dev.promotiond.facts.ToStagingPolicy;
import dev.promotiond.facts.UptimeWindows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy file as read: defaults, per group and per component. {@link #threshold} resolves one
 * threshold for a component (component over group over default, key by key); {@link #facts} gives
 * the policy facts the rules join on. Immutable; a reload reads a new one.
 */
public final class Policy {
    private final Path file;
    private final Map<PolicyKey, Threshold> defaults;
    private final Map<String, Map<PolicyKey, Threshold>> groups;
    private final Map<String, Map<PolicyKey, Threshold>> components;
    /** Resolved facts by component and group: 10,000 components share a few distinct policies' work. */
    private final Map<String, List<Object>> resolved = new ConcurrentHashMap<>();

    /** "groups.NAME" and "components.NAME" → where the name is written (line, column). */
    private final Map<String, int[]> named;

    Policy(Path file, Map<PolicyKey, Threshold> defaults, Map<String, Map<PolicyKey, Threshold>> groups,
           Map<String, Map<PolicyKey, Threshold>> components, Map<String, int[]> named) {
        this.file = file;
        this.named = Map.copyOf(named);
        this.defaults = Map.copyOf(defaults);
        this.groups = copy(groups);
        this.components = copy(components);
    }

    private static Map<String, Map<PolicyKey, Threshold>> copy(Map<String, Map<PolicyKey, Threshold>> m) {
        Map<String, Map<PolicyKey, Threshold>> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Map.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    public Path file() {
        return file;
    }

    /** The group and component names the policy mentions, for warnings about names no component has. */
    public java.util.Set<String> groups() {
        return groups.keySet();
    }

    public java.util.Set<String> components() {
        return components.keySet();
    }

    /**
     * Every group and component the policy sets thresholds for that the daemon's config does not
     * have, each at the line of its name: their thresholds apply to nobody (a typo in a name would
     * leave the default in force), so the daemon warns about them.
     */
    public List<ConfigProblem> unmatched(java.util.Collection<String> configComponents,
                                         java.util.Collection<String> configGroups) {
        List<ConfigProblem> out = new ArrayList<>();
        for (String g : groups.keySet()) {
            if (!configGroups.contains(g)) {
                out.add(at("groups." + g, "no component of the config is in this group; its thresholds apply to nobody"));
            }
        }
        for (String c : components.keySet()) {
            if (!configComponents.contains(c)) {
                out.add(at("components." + c, "no component of this name in the config; its thresholds apply to nobody"));
            }
        }
        return out;
    }

    private ConfigProblem at(String path, String message) {
        int[] where = named.getOrDefault(path, new int[] {0, 0});
        return new ConfigProblem(file, where[0], where[1], path, message);
    }

    /**
     * The threshold that applies to {@code component} of {@code group}, or null for an optional
     * threshold nobody set (not judged). The error budget, unless set, is derived from the
     * objective that applies: 100% − to_production.min_uptime.
     */
    public Threshold threshold(PolicyKey key, String component, String group) {
        Threshold t = lookup(key, component, group);
        if (t == null && key == PolicyKey.ERROR_BUDGET) {
            Threshold objective = lookup(PolicyKey.STAGING_UPTIME, component, group);
            if (objective != null) {
                double budget = Math.max(0, 1 - objective.value());
                String text = new java.math.BigDecimal(Double.toString(budget)).movePointRight(2)
                        .setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + "%";
                return new Threshold(key.path(), budget, text, key.bound(),
                        "derived: 100% - min_uptime " + objective.text() + " " + objective.scope(), objective.source());
            }
        }
        return t;
    }

    private Threshold lookup(PolicyKey key, String component, String group) {
        Map<PolicyKey, Threshold> own = components.get(component);
        if (own != null && own.containsKey(key)) {
            return own.get(key);
        }
        Map<PolicyKey, Threshold> shared = group == null ? null : groups.get(group);
        if (shared != null && shared.containsKey(key)) {
            return shared.get(key);
        }
        return defaults.get(key);
    }

    /** The four policy facts of one component: to Staging, to Production, SLA, in Production. */
    public List<Object> facts(String component, String group) {
        String g = group == null ? "" : group;
        return resolved.computeIfAbsent(component + '\0' + g, k -> List.of(
                new ToStagingPolicy(component, t(PolicyKey.UNIT_COVERAGE, component, g),
                        t(PolicyKey.LINT_VIOLATIONS, component, g), t(PolicyKey.TYPE_ERRORS, component, g),
                        t(PolicyKey.STAGING_SECURITY_FAIL_AT, component, g),
                        t(PolicyKey.STAGING_SECURITY_FINDINGS, component, g)),
                new ToProductionPolicy(component, t(PolicyKey.INTEGRATION_COVERAGE, component, g),
                        t(PolicyKey.SOAK, component, g), t(PolicyKey.STAGING_UPTIME, component, g),
                        t(PolicyKey.STAGING_UPTIME_WINDOW, component, g), t(PolicyKey.STAGING_OBSERVED, component, g),
                        t(PolicyKey.ERROR_BUDGET, component, g), t(PolicyKey.PRODUCTION_SECURITY_FAIL_AT, component, g),
                        t(PolicyKey.PRODUCTION_SECURITY_FINDINGS, component, g),
                        t(PolicyKey.VULNERABILITIES_FAIL_AT, component, g), t(PolicyKey.VULNERABILITIES, component, g),
                        t(PolicyKey.OUTDATED_DEPENDENCIES, component, g)),
                new SlaPolicy(component, t(PolicyKey.LATENCY_P50, component, g), t(PolicyKey.LATENCY_P95, component, g),
                        t(PolicyKey.LATENCY_P99, component, g), t(PolicyKey.ERROR_RATIO, component, g),
                        t(PolicyKey.PEAK_LOAD, component, g)),
                new InProductionPolicy(component, t(PolicyKey.PRODUCTION_UPTIME, component, g),
                        t(PolicyKey.PRODUCTION_UPTIME_WINDOW, component, g),
                        t(PolicyKey.PRODUCTION_OBSERVED, component, g), t(PolicyKey.CLOSE_WATCH, component, g),
                        t(PolicyKey.BREACH_FOR, component, g), t(PolicyKey.ROLLBACKS_PER_WATCH, component, g))));
    }

    private Threshold t(PolicyKey key, String component, String group) {
        return threshold(key, component, group.isEmpty() ? null : group);
    }

    /** The settings that belong to no component. */
    public AlertPolicy alerts() {
        return new AlertPolicy(defaults.get(PolicyKey.SOURCE_DOWN_FOR));
    }

    /** Every uptime window any scope asks for, shortest first: what the ledger must keep. */
    public List<Duration> windows() {
        TreeSet<Duration> out = new TreeSet<>();
        for (Threshold t : windowSettings()) {
            out.add(Duration.ofSeconds(t.seconds()));
        }
        return List.copyOf(out);
    }

    /**
     * Every window the store cannot hold for {@code retention} (null: no limit), each at the
     * file:line:col where it is set; empty when all fit.
     */
    public List<ConfigProblem> windowsWithin(Duration retention) {
        List<ConfigProblem> out = new ArrayList<>();
        for (Threshold t : windowSettings()) {
            try {
                UptimeWindows.of(List.of(Duration.ofSeconds(t.seconds()))).within(retention);
            } catch (IllegalArgumentException e) {
                String[] at = t.source().split(":");
                int line = at.length >= 3 ? Integer.parseInt(at[at.length - 2]) : 0;
                int column = at.length >= 3 ? Integer.parseInt(at[at.length - 1]) : 0;
                out.add(new ConfigProblem(file, line, column, t.scope() + ": " + t.key(), e.getMessage()));
            }
        }
        return out;
    }

    /** Where each window is set, for an error about one the store cannot hold. */
    public List<Threshold> windowSettings() {
        List<Threshold> out = new ArrayList<>();
        List<Map<PolicyKey, Threshold>> scopes = new ArrayList<>();
        scopes.add(defaults);
        scopes.addAll(groups.values());
        scopes.addAll(components.values());
        for (Map<PolicyKey, Threshold> scope : scopes) {
            for (PolicyKey k : List.of(PolicyKey.STAGING_UPTIME_WINDOW, PolicyKey.PRODUCTION_UPTIME_WINDOW)) {
                if (scope.get(k) != null) {
                    out.add(scope.get(k));
                }
            }
        }
        return out;
    }
}
