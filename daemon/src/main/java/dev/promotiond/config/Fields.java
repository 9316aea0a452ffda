package dev.promotiond.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping being read. The constructor reports unknown, duplicate and non-text keys; the
 * getters report type errors and values their parser rejects. Parsers signal a bad value by throwing
 * {@link IllegalArgumentException} with a message for the user. A key whose value is null ({@code key:}
 * or {@code key: ~}) counts as absent, so its default applies.
 */
final class Fields {
    private final MappingNode mapping;
    private final String path;
    private final Problems problems;
    private final Map<String, Node> values = new HashMap<>();

    Fields(MappingNode mapping, String path, List<String> allowed, Problems problems) {
        this.mapping = mapping;
        this.path = path;
        this.problems = problems;
        Map<String, Node> firstKeys = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                problems.at(keyNode, path, "keys must be plain names, found " + describe(keyNode));
                continue;
            }
            String key = scalar.getValue();
            if (!allowed.contains(key)) {
                problems.at(keyNode, path(key),
                        "unknown key \"" + key + "\" (allowed: " + String.join(", ", allowed) + ")");
            } else if (firstKeys.containsKey(key)) {
                problems.at(keyNode, path(key),
                        "duplicate key \"" + key + "\" (first at line " + line(firstKeys.get(key)) + ")");
            } else {
                firstKeys.put(key, keyNode);
                if (!isNull(tuple.getValueNode())) {
                    values.put(key, tuple.getValueNode());
                }
            }
        }
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value's node, or the owning mapping when the key is absent: where to report about it. */
    Node where(String key) {
        return values.getOrDefault(key, mapping);
    }

    /** Absent: {@code absent}. Present: the parsed value, or null after reporting why it is bad. */
    <T> T scalar(String key, T absent, Function<String, T> parser) {
        return has(key) ? parse(values.get(key), path(key), parser, problems) : absent;
    }

    /** Like {@link #scalar} but reports a missing key at the owning mapping and returns null. */
    <T> T required(String key, String hint, Function<String, T> parser) {
        if (!has(key)) {
            problems.at(mapping, path(key), "missing; required (" + hint + ")");
            return null;
        }
        return scalar(key, null, parser);
    }

    /** The items of a list value; null when absent or not a list (the latter reported). */
    List<Node> list(String key) {
        Node node = values.get(key);
        if (node == null) {
            return null;
        }
        if (node instanceof SequenceNode seq) {
            return new ArrayList<>(seq.getValue());
        }
        problems.at(node, path(key), "expected a list, found " + describe(node));
        return null;
    }

    /** A mapping value; null when absent or not a mapping (the latter reported). */
    MappingNode mapping(String key) {
        Node node = values.get(key);
        if (node == null) {
            return null;
        }
        if (node instanceof MappingNode map) {
            return map;
        }
        problems.at(node, path(key), "expected a mapping of settings, found " + describe(node));
        return null;
    }

    /** Parses one scalar node; reports and returns null when it is not a scalar or the parser rejects it. */
    static <T> T parse(Node node, String path, Function<String, T> parser, Problems problems) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            problems.at(node, path, "expected a single value, found " + describe(node));
            return null;
        }
        try {
            return parser.apply(scalar.getValue());
        } catch (IllegalArgumentException e) {
            problems.at(node, path, e.getMessage());
            return null;
        }
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "nothing" : "\"" + ((ScalarNode) node).getValue() + "\"";
    }
}
