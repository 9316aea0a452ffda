package dev.promotiond.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Grafana dashboard (JSON model) read for what it asks Prometheus: every panel target, every
 * Prometheus annotation and every query variable, each with the place it comes from, so that a
 * failure names the dashboard, the panel and the expression.
 */
final class DashboardJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code $name}, {@code ${name}} and {@code ${name:format}}; PromQL itself has no {@code $} before a letter. */
    static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)(?::\\w+)?}|(\\w+))");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*$",
            Pattern.DOTALL);

    /** Where an expression comes from: {@code panel}, {@code annotation} or {@code variable}. */
    record Query(String dashboard, String kind, String name, String refId, String expr) {
        String where() {
            return "dashboard '" + dashboard + "', " + kind + " '" + name + "'" + (refId == null ? "" : " (" + refId + ")");
        }
    }

    /** A query variable's {@code label_values(selector, label)}, or a datasource variable (selector null). */
    record Variable(String name, String type, boolean multi, boolean includeAll, String definition) {
        /** The series selector of {@code label_values(selector, label)}. */
        String selector() {
            Matcher m = LABEL_VALUES.matcher(definition);
            if (!m.matches()) {
                throw new IllegalArgumentException("variable " + name + ": expected label_values(selector, label), got "
                        + definition);
            }
            return m.group(1).trim();
        }

        String label() {
            Matcher m = LABEL_VALUES.matcher(definition);
            return m.matches() ? m.group(2) : null;
        }
    }

    private final Path file;
    private final JsonNode root;

    private DashboardJson(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static DashboardJson read(Path file) throws IOException {
        return new DashboardJson(file, JSON.readTree(file.toFile()));
    }

    Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    String uid() {
        return root.path("uid").asText("");
    }

    String title() {
        return root.path("title").asText("");
    }

    /** Every panel that shows data, including those inside rows; rows themselves are left out. */
    List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        collectPanels(root.path("panels"), out);
        return out;
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> out) {
        for (JsonNode p : panels) {
            if ("row".equals(p.path("type").asText())) {
                collectPanels(p.path("panels"), out);
            } else {
                out.add(p);
            }
        }
    }

    List<Query> panelQueries() {
        List<Query> out = new ArrayList<>();
        for (JsonNode p : panels()) {
            for (JsonNode t : p.path("targets")) {
                if (!t.path("hide").asBoolean(false)) {
                    out.add(new Query(title(), "panel", p.path("title").asText(), t.path("refId").asText(null),
                            t.path("expr").asText("")));
                }
            }
        }
        return out;
    }

    /** Annotations other than Grafana's built-in one: their query sits in {@code target.expr} (or legacy {@code expr}). */
    List<JsonNode> prometheusAnnotations() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : root.path("annotations").path("list")) {
            if (a.path("builtIn").asInt(0) != 1) {
                out.add(a);
            }
        }
        return out;
    }

    List<Query> annotationQueries() {
        List<Query> out = new ArrayList<>();
        for (JsonNode a : prometheusAnnotations()) {
            String expr = a.path("target").path("expr").asText(a.path("expr").asText(""));
            out.add(new Query(title(), "annotation", a.path("name").asText(), null, expr));
        }
        return out;
    }

    List<JsonNode> variableNodes() {
        List<JsonNode> out = new ArrayList<>();
        root.path("templating").path("list").forEach(out::add);
        return out;
    }

    List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (JsonNode v : variableNodes()) {
            JsonNode q = v.path("query");
            String definition = q.isObject() ? q.path("query").asText("") : q.asText("");
            out.add(new Variable(v.path("name").asText(), v.path("type").asText(), v.path("multi").asBoolean(false),
                    v.path("includeAll").asBoolean(false), definition));
        }
        return out;
    }

    List<Query> variableQueries() {
        List<Query> out = new ArrayList<>();
        for (Variable v : variables()) {
            if ("query".equals(v.type())) {
                out.add(new Query(title(), "variable", v.name(), null, v.definition()));
            }
        }
        return out;
    }

    /** Calls {@code visitor} with the JSON pointer and value of every {@code datasource} object in the dashboard. */
    void eachDatasource(BiConsumer<String, JsonNode> visitor) {
        walk(root, "", visitor);
    }

    private static void walk(JsonNode node, String path, BiConsumer<String, JsonNode> visitor) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                String p = path + "/" + e.getKey();
                if (e.getKey().equals("datasource") && e.getValue().isObject()) {
                    visitor.accept(p, e.getValue());
                }
                walk(e.getValue(), p, visitor);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visitor);
            }
        }
    }

    /**
     * Replaces {@code $name} and {@code ${name}} with {@code values}, as Grafana would for one
     * selection. A variable without a value is an error, so a typo never reaches Prometheus as text.
     */
    static String substitute(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for variable $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
