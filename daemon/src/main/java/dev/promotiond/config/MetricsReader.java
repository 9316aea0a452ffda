package dev.promotiond.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads the top-level {@code prometheus:} mapping and a component's {@code metrics:} mapping. */
final class MetricsReader {
    static final List<String> PROMETHEUS_KEYS = List.of("url", "timeout", "staleness");
    static final List<String> METRICS_KEYS = List.of("selector", "slis", "uptime", "scrape_interval");
    static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofSeconds(15);
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern SLI = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private MetricsReader() {
    }

    static PrometheusConfig prometheus(MappingNode node, String path, Problems problems) {
        Fields f = new Fields(node, path, PROMETHEUS_KEYS, problems);
        var url = f.required("url", "the Prometheus base URL, e.g. http://127.0.0.1:9090", Values::httpUrl);
        Duration timeout = f.scalar("timeout", PrometheusConfig.DEFAULT_TIMEOUT,
                t -> Values.durationBetween(t, Duration.ofMillis(100), Duration.ofMinutes(2)));
        Duration staleness = f.scalar("staleness", PrometheusConfig.DEFAULT_STALENESS,
                t -> Values.durationBetween(t, Duration.ofSeconds(10), Duration.ofDays(1)));
        if (url == null || timeout == null || staleness == null) {
            return null;
        }
        return new PrometheusConfig(url, timeout, staleness);
    }

    /** The component's SLIs: built-ins when a selector is set, overridden or extended by its own templates. */
    static MetricsConfig metrics(String component, MappingNode node, String path, Problems problems) {
        Fields f = new Fields(node, path, METRICS_KEYS, problems);
        if (!f.has("selector") && !f.has("slis") && !f.has("uptime")) {
            problems.at(node, path, "set a selector (label matchers enabling the built-in SLIs), slis and/or uptime");
            return null;
        }
        boolean ok = true;
        Map<String, String> selector = new LinkedHashMap<>();
        MappingNode sel = f.mapping("selector");
        if (f.has("selector") && sel == null) {
            ok = false;
        } else if (sel != null) {
            for (NodeTuple t : sel.getValue()) {
                String key = scalar(t.getKeyNode());
                String value = scalar(t.getValueNode());
                String where = f.path("selector") + "." + key;
                if (key == null || !LABEL.matcher(key).matches()) {
                    problems.at(t.getKeyNode(), where, "not a Prometheus label name");
                    ok = false;
                } else if (value == null) {
                    problems.at(t.getValueNode(), where, "expected a label value, found " + Fields.describe(t.getValueNode()));
                    ok = false;
                } else if (selector.put(key, value) != null) {
                    problems.at(t.getKeyNode(), where, "duplicate label \"" + key + "\"");
                    ok = false;
                }
            }
        }
        Map<String, String> templates = new LinkedHashMap<>();
        if (!selector.isEmpty()) {
            templates.putAll(PromqlTemplate.BUILT_INS);
        }
        MappingNode slis = f.mapping("slis");
        if (f.has("slis") && slis == null) {
            ok = false;
        } else if (slis != null) {
            for (NodeTuple t : slis.getValue()) {
                ok &= sli(t, f.path("slis"), !selector.isEmpty(), templates, problems);
            }
        }
        Duration scrape = f.scalar("scrape_interval", DEFAULT_SCRAPE_INTERVAL,
                t -> Values.durationBetween(t, Duration.ofSeconds(1), Duration.ofMinutes(10)));
        String uptime = f.scalar("uptime", null, Values::text);
        if (f.has("uptime") && uptime != null) {
            ok &= uptimeExpression(uptime, f, !selector.isEmpty(), templates.keySet(), problems);
        }
        if (!ok || scrape == null || (f.has("uptime") && uptime == null)) {
            return null;
        }
        List<SliQuery> queries = new ArrayList<>();
        templates.forEach((name, template) -> queries.add(new SliQuery(component, name, template)));
        return new MetricsConfig(selector, queries, uptime, uptime == null ? null : scrape);
    }

    /**
     * A 0/1 series (up, probe_success) whose per-window average and sample count are queried for the
     * uptime windows in use ({@link MetricsConfig#queries}); the names of those queries are its own.
     */
    private static boolean uptimeExpression(String expr, Fields f, boolean hasSelector, java.util.Set<String> slis,
                                            Problems problems) {
        for (String p : PromqlTemplate.placeholders(expr)) {
            if (!PromqlTemplate.PLACEHOLDERS.contains(p) || (p.equals("selector") && !hasSelector)) {
                problems.at(f.where("uptime"), f.path("uptime"), "unknown or unusable placeholder {{" + p + "}}");
                return false;
            }
        }
        for (String sli : slis) {
            if (sli.startsWith(MetricsConfig.UPTIME_AVG) || sli.startsWith(MetricsConfig.UPTIME_COUNT)) {
                problems.at(f.where("slis"), f.path("slis") + "." + sli, "names starting with "
                        + MetricsConfig.UPTIME_AVG + " or " + MetricsConfig.UPTIME_COUNT
                        + " belong to the uptime series' per-window queries; rename this SLI");
                return false;
            }
        }
        return true;
    }

    private static boolean sli(NodeTuple t, String path, boolean hasSelector, Map<String, String> templates,
                               Problems problems) {
        String name = scalar(t.getKeyNode());
        String template = scalar(t.getValueNode());
        String where = path + "." + name;
        if (name == null || !SLI.matcher(name).matches()) {
            problems.at(t.getKeyNode(), where, "SLI names use a-z, 0-9 and '_' and start with a letter");
            return false;
        }
        if (template == null || template.isBlank()) {
            problems.at(t.getValueNode(), where, "expected a PromQL expression, found " + Fields.describe(t.getValueNode()));
            return false;
        }
        boolean ok = true;
        for (String p : PromqlTemplate.placeholders(template)) {
            if (!PromqlTemplate.PLACEHOLDERS.contains(p)) {
                problems.at(t.getValueNode(), where, "unknown placeholder {{" + p + "}} (known: {{component}},"
                        + " {{selector}}, {{soak}})");
                ok = false;
            } else if (p.equals("selector") && !hasSelector) {
                problems.at(t.getValueNode(), where, "uses {{selector}} but the component has no selector");
                ok = false;
            }
        }
        templates.put(name, template.strip());
        return ok;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s && !Fields.isNull(node) ? s.getValue() : null;
    }
}
