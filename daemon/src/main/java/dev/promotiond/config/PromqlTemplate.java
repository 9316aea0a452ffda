package dev.promotiond.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PromQL templates with {{placeholders}}. Values are escaped into PromQL label values, so a
 * component name or selector value can never change the shape of the query.
 */
public final class PromqlTemplate {
    public static final Set<String> PLACEHOLDERS = Set.of("component", "selector", "soak");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    /** A literal range or subquery range ({@code [5m]}, {@code [1h:1m]}) or an {@code offset 5m}. */
    private static final Pattern LOOKBACK = Pattern.compile("\\[\\s*([0-9][0-9a-z]*)\\s*[]:]|\\boffset\\s+([0-9][0-9a-z]*)");

    /** Built-in SLIs a component gets by naming a selector; {{selector}} is its label matchers. */
    public static final Map<String, String> BUILT_INS = builtIns();

    private PromqlTemplate() {
    }

    private static Map<String, String> builtIns() {
        Map<String, String> m = new TreeMap<>();
        for (String[] q : new String[][] {{"50", "p50"}, {"95", "p95"}, {"99", "p99"}}) {
            m.put("latency_" + q[1] + "_seconds", "histogram_quantile(0." + q[0]
                    + ", sum by (le) (rate(http_request_duration_seconds_bucket{{{selector}}}[5m])))");
        }
        m.put("error_ratio", "sum(rate(http_requests_total{{{selector}},code=~\"5..\"}[5m]))"
                + " / sum(rate(http_requests_total{{{selector}}}[5m]))");
        m.put("request_rate", "sum(rate(http_requests_total{{{selector}}}[5m]))");
        m.put("peak_request_rate", "max_over_time(sum(rate(http_requests_total{{{selector}}}[5m]))[{{soak}}:1m])");
        m.put("cpu_cores", "sum(rate(process_cpu_seconds_total{{{selector}}}[5m]))");
        m.put("memory_bytes", "sum(process_resident_memory_bytes{{{selector}}})");
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * How far back in time one answer of {@code template} looks: its longest literal range
     * ({@code [5m]}, or the range of a subquery {@code [1h:1m]}) plus its longest {@code offset};
     * zero for an instant selector. A range given by {{soak}} is the version's own time already and
     * adds nothing. A new version is judged on an SLI only once this much of its own time passed.
     */
    public static Duration window(String template) {
        Duration range = Duration.ZERO;
        Duration offset = Duration.ZERO;
        Matcher m = LOOKBACK.matcher(template);
        while (m.find()) {
            Duration d;
            try {
                d = Durations.parse(m.group(1) != null ? m.group(1) : m.group(2));
            } catch (IllegalArgumentException e) {
                continue; // not a duration Prometheus would accept either; the query fails on its own
            }
            if (m.group(1) != null && d.compareTo(range) > 0) {
                range = d;
            } else if (m.group(2) != null && d.compareTo(offset) > 0) {
                offset = d;
            }
        }
        return range.plus(offset);
    }

    /** Placeholder names used in {@code template}, in order of first use. */
    public static Set<String> placeholders(String template) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * Fills the placeholders.
     *
     * @param selector label name → value; rendered as {@code a="x",b="y"} with values escaped
     * @param soak     the current soak length (rounded to minutes, at least 5m), or null for 5m
     */
    public static String render(String template, String component, Map<String, String> selector, Duration soak) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "component" -> escapeLabelValue(component);
                case "selector" -> selector(selector);
                case "soak" -> promDuration(soak);
                default -> throw new IllegalArgumentException("unknown placeholder {{" + m.group(1) + "}}");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String selector(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(k).append("=\"").append(escapeLabelValue(v)).append('"');
        });
        return b.toString();
    }

    /** Escapes a string for use inside a double-quoted PromQL label value. */
    public static String escapeLabelValue(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String promDuration(Duration d) {
        long minutes = d == null ? 5 : Math.max(5, d.toMinutes());
        return minutes + "m";
    }
}
