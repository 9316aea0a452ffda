package dev.promotiond.config;

import dev.promotiond.facts.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code components:} list, including names' uniqueness and the dependency graph. */
final class ComponentReader {
    static final List<String> KEYS = List.of("name", "group", "stage", "dependencies", "health", "metrics", "rollback",
            "maturity");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");
    private static final String STAGES = "Development, Staging or Production";

    private final Problems problems;
    private final Map<String, Node> firstNames = new HashMap<>();
    private final List<DependencyCheck.Declared> declared = new ArrayList<>();
    private boolean dependenciesOk;

    private final java.nio.file.Path folder;

    private ComponentReader(java.nio.file.Path folder, Problems problems) {
        this.folder = folder;
        this.problems = problems;
    }

    /** The components that read cleanly; problems hold the reasons for any that did not. */
    static List<ComponentConfig> read(List<Node> items, String path, java.nio.file.Path folder, Problems problems) {
        ComponentReader reader = new ComponentReader(folder, problems);
        List<ComponentConfig> components = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ComponentConfig c = reader.component(items.get(i), path + "[" + i + "]");
            if (c != null) {
                components.add(c);
            }
        }
        DependencyCheck.check(reader.declared, problems);
        return components;
    }

    private ComponentConfig component(Node item, String path) {
        if (!(item instanceof MappingNode map)) {
            problems.at(item, path, "expected a mapping with name, stage and so on, found " + Fields.describe(item));
            return null;
        }
        Fields f = new Fields(map, path, KEYS, problems);
        String written = f.required("name", "lower-case letters, digits and '-'", Values::text);
        String name = written == null ? null : name(written, f);
        String group = f.scalar("group", "", Values::text);
        Stage stage = f.required("stage", STAGES, ComponentReader::stage);
        List<DependencyCheck.Ref> refs = dependencies(f);
        MappingNode healthNode = f.mapping("health");
        HealthCheck health = healthNode == null ? null : HealthCheckReader.read(healthNode, f.path("health"), folder, problems);
        MappingNode metricsNode = f.mapping("metrics");
        MetricsConfig metrics = metricsNode == null || written == null ? null
                : MetricsReader.metrics(written, metricsNode, f.path("metrics"), problems);
        MappingNode rollbackNode = f.mapping("rollback");
        RollbackConfig rollback = rollbackNode == null ? null
                : ActionsReader.rollback(rollbackNode, f.path("rollback"), folder, problems);
        java.nio.file.Path maturity = f.scalar("maturity", null, this::maturity);
        boolean maturityBad = f.has("maturity") && maturity == null;
        if (written != null) {
            declared.add(new DependencyCheck.Declared(written, refs == null ? List.of() : refs));
        }
        boolean healthBad = f.has("health") && health == null;
        boolean metricsBad = f.has("metrics") && metrics == null;
        boolean rollbackBad = f.has("rollback") && rollback == null;
        if (name == null || group == null || stage == null || refs == null || !dependenciesOk || healthBad || metricsBad
                || rollbackBad || maturityBad) {
            return null;
        }
        return new ComponentConfig(name, group, stage, refs.stream().map(DependencyCheck.Ref::name).toList(), health,
                metrics, rollback, maturity);
    }

    /** A MATURITY.md path, relative to the config file's folder; it must exist when the config is read. */
    private java.nio.file.Path maturity(String text) {
        java.nio.file.Path p = folder == null ? java.nio.file.Path.of(text) : folder.resolve(text);
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such file: " + p.normalize());
        }
        return p.normalize();
    }

    private String name(String written, Fields f) {
        Node node = f.where("name");
        Node first = firstNames.putIfAbsent(written, node);
        if (first != null) {
            problems.at(node, f.path("name"),
                    "duplicate component name \"" + written + "\" (first at line " + Fields.line(first) + ")");
            return null;
        }
        if (!NAME.matcher(written).matches()) {
            problems.at(node, f.path("name"), "\"" + written
                    + "\" is not a valid name (use a-z, 0-9 and '-', at most 63 characters)");
            return null;
        }
        return written;
    }

    private static Stage stage(String text) {
        return Stage.parse(text).orElseThrow(
                () -> new IllegalArgumentException("unknown stage \"" + text + "\" (use " + STAGES + ")"));
    }

    /**
     * The well-formed entries (empty when absent), or null when the value is not a list; sets
     * {@link #dependenciesOk} to whether every entry was well-formed.
     */
    private List<DependencyCheck.Ref> dependencies(Fields f) {
        dependenciesOk = true;
        if (!f.has("dependencies")) {
            return List.of();
        }
        List<Node> items = f.list("dependencies");
        if (items == null) {
            return null;
        }
        List<DependencyCheck.Ref> refs = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = f.path("dependencies") + "[" + i + "]";
            String dep = Fields.parse(items.get(i), path, Values::text, problems);
            if (dep == null) {
                dependenciesOk = false;
            } else if (seen.containsKey(dep)) {
                problems.at(items.get(i), path,
                        "\"" + dep + "\" is listed twice (first at line " + Fields.line(seen.get(dep)) + ")");
                dependenciesOk = false;
            } else {
                seen.put(dep, items.get(i));
                refs.add(new DependencyCheck.Ref(dep, items.get(i), path));
            }
        }
        return refs;
    }
}
