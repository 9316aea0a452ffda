package dev.promotiond.rulestest;

import dev.promotiond.rulestest.Scenario.Where;
import dev.promotiond.config.ConfigException;
import dev.promotiond.config.ConfigProblem;
import dev.promotiond.config.Durations;
import dev.promotiond.facts.Stage;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reading one YAML file's nodes with their positions, for {@link ScenarioReader}: every problem is
 * collected as {@code file:line:col: field.path: message} (the daemon's config format) so a file
 * is reported whole, not one mistake per run. Value parsers throw {@link IllegalArgumentException}
 * with a message for the user. Not thread-safe; one instance per file.
 */
final class ScenarioYaml {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");
    private static final Pattern SLI = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,3})?");

    private final Path file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ScenarioYaml(Path file) {
        this.file = file;
    }

    /** The document's root node, or null for an empty file; a syntax error is thrown at once. */
    Node compose(String text) throws ConfigException {
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ConfigException(List.of(new ConfigProblem(file, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "",
                    "YAML syntax error: " + (e.getProblem() != null ? e.getProblem() : e.getContext()))));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, 0, "", "YAML error: " + e.getMessage())));
        }
    }

    boolean any() {
        return !problems.isEmpty();
    }

    /** How many problems were reported so far. */
    int count() {
        return problems.size();
    }

    static Where where(Node node) {
        return new Where(node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    void problem(Node node, String path, String message) {
        Where w = where(node);
        problems.add(new ConfigProblem(file, w.line(), w.column(), path, message));
    }

    ConfigException exception() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return new ConfigException(sorted);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "nothing" : "\"" + ((ScalarNode) node).getValue() + "\"";
    }

    String text(Node node, String path) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            problem(node, path, "expected a single value, found " + describe(node));
            return null;
        }
        return scalar.getValue();
    }

    <T> T parse(Node node, String path, Function<String, T> parser) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problem(node, path, e.getMessage());
            return null;
        }
    }

    /** A mapping's keys checked against {@code allowed} (null: any name); null after reporting a non-mapping. */
    Fields fields(Node node, String path, List<String> allowed) {
        if (!(node instanceof MappingNode map)) {
            problem(node, path, "expected a mapping, found " + describe(node));
            return null;
        }
        return new Fields(map, path, allowed);
    }

    interface Entry {
        void accept(ScalarNode key, Node value, String path);
    }

    /** One mapping being read; unknown and duplicate keys are reported when it is made. */
    final class Fields {
        private final MappingNode map;
        private final String path;
        private final Map<String, NodeTuple> tuples = new LinkedHashMap<>();

        Fields(MappingNode map, String path, List<String> allowed) {
            this.map = map;
            this.path = path;
            for (NodeTuple t : map.getValue()) {
                Node k = t.getKeyNode();
                if (!(k instanceof ScalarNode scalar) || isNull(k)) {
                    problem(k, path, "keys must be plain names, found " + describe(k));
                    continue;
                }
                String key = scalar.getValue();
                if (allowed != null && !allowed.contains(key)) {
                    problem(k, path(key), "unknown key \"" + key + "\" (allowed: " + String.join(", ", allowed) + ")");
                } else if (tuples.containsKey(key)) {
                    problem(k, path(key), "duplicate key \"" + key + "\" (first at line "
                            + where(tuples.get(key).getKeyNode()).line() + ")");
                } else {
                    tuples.put(key, t);
                }
            }
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return tuples.containsKey(key) && !isNull(tuples.get(key).getValueNode());
        }

        Node node(String key) {
            return tuples.get(key).getValueNode();
        }

        Node key(String key) {
            return tuples.get(key).getKeyNode();
        }

        Node place(String key) {
            return tuples.containsKey(key) ? key(key) : map;
        }

        <T> T scalar(String key, Function<String, T> parser) {
            return has(key) ? parse(node(key), path(key), parser) : null;
        }

        <T> T required(String key, String hint, Function<String, T> parser) {
            if (!has(key)) {
                problem(map, path(key), "missing; required (" + hint + ")");
                return null;
            }
            return scalar(key, parser);
        }

        List<Node> list(String key) {
            if (!has(key)) {
                return null;
            }
            if (node(key) instanceof SequenceNode seq) {
                return seq.getValue();
            }
            problem(node(key), path(key), "expected a list, found " + describe(node(key)));
            return null;
        }

        /** Each entry of the mapping under {@code key} (null: this mapping itself); any key names are allowed. */
        void entries(String key, Entry each) {
            Fields inner = this;
            if (key != null) {
                if (!has(key)) {
                    return;
                }
                inner = fields(node(key), path(key), null);
                if (inner == null) {
                    return;
                }
            }
            for (Map.Entry<String, NodeTuple> e : inner.tuples.entrySet()) {
                NodeTuple t = e.getValue();
                each.accept((ScalarNode) t.getKeyNode(), t.getValueNode(), inner.path(e.getKey()));
            }
        }
    }

    // ---- values ----

    static Instant instant(String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("bad instant \"" + text
                    + "\" (use RFC 3339 UTC, e.g. 2026-11-01T00:00:00Z)");
        }
    }

    static Duration interval(String text) {
        Duration d = Durations.parse(text);
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("a probe interval is whole seconds, at least 1s");
        }
        return d;
    }

    static String componentName(String text) {
        if (!NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("bad name \"" + text + "\" (use [a-z0-9-], at most 63 characters)");
        }
        return text;
    }

    static String sliName(String text) {
        if (!SLI.matcher(text).matches()) {
            throw new IllegalArgumentException("bad SLI name \"" + text
                    + "\" (use [a-z0-9_], e.g. latency_p95_seconds)");
        }
        return text;
    }

    static Stage stage(String text) {
        return Stage.parse(text).orElseThrow(() -> new IllegalArgumentException("unknown stage \"" + text
                + "\" (use Development, Staging or Production)"));
    }

    static Stage target(String text) {
        Stage s = Stage.parse(text).orElse(null);
        if (s == null || s == Stage.DEVELOPMENT) {
            throw new IllegalArgumentException("unknown target \"" + text + "\" (use staging or production)");
        }
        return s;
    }

    static Boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, found \"" + text + "\"");
        };
    }

    /** A finite decimal number such as 0.2, 85 or 1e-3; {@code expected} says what else would do. */
    static Double number(String text, String expected) {
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("expected " + expected + ", found \"" + text + "\"");
        }
        return Double.parseDouble(text);
    }

    static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    }

    static String oneOf(String text, List<String> allowed) {
        if (!allowed.contains(text)) {
            throw new IllegalArgumentException("\"" + text + "\" is not one of " + String.join(", ", allowed));
        }
        return text;
    }
}
