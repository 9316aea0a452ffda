package dev.promotiond.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * getters report type errors and values their parser rejects, each into the file's {@link Problems}
 * so reading goes on and every problem is reported at once. Parsers signal a bad value by throwing
 * {@link IllegalArgumentException} with a message for the user. A key whose value is null
 * ({@code key:} or {@code key: ~}) counts as absent, so its default applies.
 */
public final class Fields {
    /** Receives one entry of a mapping whose key names are data (component names, SLI names, ...). */
    public interface Entry {
        void accept(ScalarNode key, Node value, String path);
    }

    private final MappingNode mapping;
    private final String path;
    private final Problems problems;
    /** The first occurrence of each allowed key, in file order; null values included (see {@link #has}). */
    private final Map<String, NodeTuple> tuples = new LinkedHashMap<>();

    /** @param allowed the key names this mapping may have; null when any name is allowed */
    public Fields(MappingNode mapping, String path, List<String> allowed, Problems problems) {
        this.mapping = mapping;
        this.path = path;
        this.problems = problems;
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                problems.at(keyNode, path, "keys must be plain names, found " + describe(keyNode));
                continue;
            }
            String key = scalar.getValue();
            if (allowed != null && !allowed.contains(key)) {
                problems.at(keyNode, path(key),
                        "unknown key \"" + key + "\" (allowed: " + String.join(", ", allowed) + ")");
            } else if (tuples.containsKey(key)) {
                problems.at(keyNode, path(key),
                        "duplicate key \"" + key + "\" (first at line " + line(tuples.get(key).getKeyNode()) + ")");
            } else {
                tuples.put(key, tuple);
            }
        }
    }

    /** The mapping at {@code node}, its keys checked against {@code allowed} (null: any name); null after reporting a non-mapping. */
    public static Fields of(Node node, String path, List<String> allowed, Problems problems) {
        if (!(node instanceof MappingNode map)) {
            problems.at(node, path, "expected a mapping, found " + describe(node));
            return null;
        }
        return new Fields(map, path, allowed, problems);
    }

    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether the key is given with a value (not null). */
    public boolean has(String key) {
        NodeTuple tuple = tuples.get(key);
        return tuple != null && !isNull(tuple.getValueNode());
    }

    /** The value's node; the key must be present. */
    public Node node(String key) {
        return tuples.get(key).getValueNode();
    }

    /** The key's own node; the key must be present. */
    public Node key(String key) {
        return tuples.get(key).getKeyNode();
    }

    /** The value's node, or the owning mapping when the key is absent: where to report about its value. */
    public Node where(String key) {
        return has(key) ? node(key) : mapping;
    }

    /** The key's node (even with a null value), or the owning mapping when the key is not written. */
    public Node place(String key) {
        return tuples.containsKey(key) ? key(key) : mapping;
    }

    /** Absent: {@code absent}. Present: the parsed value, or null after reporting why it is bad. */
    public <T> T scalar(String key, T absent, Function<String, T> parser) {
        return has(key) ? parse(node(key), path(key), parser, problems) : absent;
    }

    /** Like {@link #scalar(String, Object, Function)} with null when absent. */
    public <T> T scalar(String key, Function<String, T> parser) {
        return scalar(key, null, parser);
    }

    /** Like {@link #scalar} but reports a missing key at the owning mapping and returns null. */
    public <T> T required(String key, String hint, Function<String, T> parser) {
        if (!has(key)) {
            problems.at(mapping, path(key), "missing; required (" + hint + ")");
            return null;
        }
        return scalar(key, null, parser);
    }

    /** The items of a list value; null when absent or not a list (the latter reported). */
    public List<Node> list(String key) {
        if (!has(key)) {
            return null;
        }
        if (node(key) instanceof SequenceNode seq) {
            return new ArrayList<>(seq.getValue());
        }
        problems.at(node(key), path(key), "expected a list, found " + describe(node(key)));
        return null;
    }

    /** A mapping value; null when absent or not a mapping (the latter reported). */
    public MappingNode mapping(String key) {
        if (!has(key)) {
            return null;
        }
        if (node(key) instanceof MappingNode map) {
            return map;
        }
        problems.at(node(key), path(key), "expected a mapping of settings, found " + describe(node(key)));
        return null;
    }

    /**
     * Each entry, in file order, of the mapping under {@code key} (null: this mapping itself), whose
     * key names are free; nothing when the key is absent, a report when its value is not a mapping.
     */
    public void entries(String key, Entry each) {
        Fields inner = this;
        if (key != null) {
            if (!has(key)) {
                return;
            }
            inner = of(node(key), path(key), null, problems);
            if (inner == null) {
                return;
            }
        }
        for (Map.Entry<String, NodeTuple> e : inner.tuples.entrySet()) {
            NodeTuple t = e.getValue();
            each.accept((ScalarNode) t.getKeyNode(), t.getValueNode(), inner.path(e.getKey()));
        }
    }

    /** One scalar node's text; null after reporting a node that is not a single value. */
    public static String text(Node node, String path, Problems problems) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            problems.at(node, path, "expected a single value, found " + describe(node));
            return null;
        }
        return scalar.getValue();
    }

    /** Parses one scalar node; reports and returns null when it is not a scalar or the parser rejects it. */
    public static <T> T parse(Node node, String path, Function<String, T> parser, Problems problems) {
        String text = text(node, path, problems);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problems.at(node, path, e.getMessage());
            return null;
        }
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** The node's 1-based line. */
    public static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** The node's 1-based column. */
    public static int column(Node node) {
        return node.getStartMark().getColumn() + 1;
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
