package dev.promotiond.config;

import dev.promotiond.facts.Threshold;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the rules folder's policy.yaml. Reports every problem at once, each at file:line:col with
 * the key's path ({@code components.checkout-api.sla.max_latency_p95}) and a hint.
 */
public final class PolicyReader {
    /** The file's name inside a rules folder. */
    public static final String FILE_NAME = "policy.yaml";
    private static final List<String> TOP = List.of("defaults", "groups", "components", "alerts");

    private PolicyReader() {
    }

    /** Reads {@code file}; every problem is reported at once in the exception. */
    public static Policy read(Path file) throws ConfigException {
        Problems problems = new Problems(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.atFile("", "cannot read: " + e.getMessage());
            throw problems.exception();
        }
        return read(file, text, problems);
    }

    static Policy read(Path file, String text, Problems problems) throws ConfigException {
        Node root = problems.compose(text);
        problems.throwIfAny();
        if (!(root instanceof MappingNode top)) {
            problems.at(root == null ? null : root.getStartMark(), "",
                    "expected a mapping with defaults, groups, components and alerts");
            throw problems.exception();
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Fields f = new Fields(top, "", TOP, problems);
        Map<PolicyKey, Threshold> defaults = new EnumMap<>(PolicyKey.class);
        MappingNode d = f.mapping("defaults");
        if (d == null) {
            if (!f.has("defaults")) {
                problems.at(top, "defaults", "missing; required (every required threshold's default value)");
            }
        } else {
            sections(d, "defaults", "default", PolicyKey.COMPONENT_SECTIONS, name, defaults, problems);
        }
        MappingNode alerts = f.mapping("alerts");
        if (alerts != null) {
            section(alerts, "alerts", "alerts", "default", name, defaults, problems);
        }
        for (PolicyKey k : PolicyKey.values()) {
            if (k.required() && !defaults.containsKey(k)) {
                Node where = k.section().equals("alerts") ? f.where("alerts") : f.where("defaults");
                problems.at(where, (k.section().equals("alerts") ? "" : "defaults.") + k.path(),
                        "missing; required (" + k.meaning() + "; " + k.unit().hint + ")");
            }
        }
        Map<String, int[]> named = new LinkedHashMap<>();
        Map<String, Map<PolicyKey, Threshold>> groups = scoped(f, "groups", "group", name, named, problems);
        Map<String, Map<PolicyKey, Threshold>> components = scoped(f, "components", "component", name, named, problems);
        problems.throwIfAny();
        return new Policy(file, defaults, groups, components, named);
    }

    private static Map<String, Map<PolicyKey, Threshold>> scoped(Fields f, String key, String scope, String file,
                                                              Map<String, int[]> named, Problems problems) {
        Map<String, Map<PolicyKey, Threshold>> out = new LinkedHashMap<>();
        MappingNode m = f.mapping(key);
        if (m == null) {
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode s) || Fields.isNull(t.getKeyNode())) {
                problems.at(t.getKeyNode(), key, "expected a " + scope + " name, found " + Fields.describe(t.getKeyNode()));
                continue;
            }
            String who = s.getValue();
            String path = key + "." + who;
            if (out.containsKey(who)) {
                problems.at(s, path, "duplicate " + scope + " \"" + who + "\"");
                continue;
            }
            if (!(t.getValueNode() instanceof MappingNode body)) {
                problems.at(t.getValueNode(), path, "expected a mapping of sections (" + String.join(", ",
                        PolicyKey.COMPONENT_SECTIONS) + "), found " + Fields.describe(t.getValueNode()));
                continue;
            }
            Map<PolicyKey, Threshold> values = new EnumMap<>(PolicyKey.class);
            sections(body, path, scope + " " + who, PolicyKey.COMPONENT_SECTIONS, file, values, problems);
            out.put(who, values);
            named.put(path, new int[] {Fields.line(s), Fields.column(s)});
        }
        return out;
    }

    private static void sections(MappingNode node, String path, String scope, List<String> allowed, String file,
                                 Map<PolicyKey, Threshold> into, Problems problems) {
        Fields f = new Fields(node, path, allowed, problems);
        for (String section : allowed) {
            MappingNode body = f.mapping(section);
            if (body != null) {
                section(body, f.path(section), section, scope, file, into, problems);
            }
        }
    }

    private static void section(MappingNode node, String path, String section, String scope, String file,
                                Map<PolicyKey, Threshold> into, Problems problems) {
        Fields f = new Fields(node, path, PolicyKey.keys(section), problems);
        for (NodeTuple t : node.getValue()) {
            // Fields reads "key:" with nothing as absent; here that would quietly take the group's or
            // the default's threshold (or, in defaults, be reported as missing elsewhere)
            if (t.getKeyNode() instanceof ScalarNode s && Fields.isNull(t.getValueNode())
                    && PolicyKey.of(section, s.getValue()) != null && !Fields.isNull(s)) {
                PolicyKey k = PolicyKey.of(section, s.getValue());
                problems.at(s, path + "." + k.key(), "no value (write " + k.unit().hint
                        + (scope.equals("default") ? "" : ", or remove the key to take the group's or the default's")
                        + ")");
                into.put(k, null);  // reported: not "missing" as well
            }
        }
        for (String key : PolicyKey.keys(section)) {
            if (!f.has(key)) {
                continue;
            }
            PolicyKey k = PolicyKey.of(section, key);
            Node where = f.where(key);
            PolicyValues.Value v = f.scalar(key, null, raw -> PolicyValues.parse(k.unit(), raw));
            if (v == null) {
                into.put(k, null);  // present but bad, reported: not "missing" as well (read() throws before use)
            } else {
                String source = file + ":" + Fields.line(where) + ":" + Fields.column(where);
                into.put(k, new Threshold(k.path(), v.value(), v.text(), k.bound(), scope, source));
            }
        }
    }
}
