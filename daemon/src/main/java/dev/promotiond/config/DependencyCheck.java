package dev.promotiond.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/** Checks that dependencies name other declared components and form no cycle. */
final class DependencyCheck {
    /** One entry of a component's {@code dependencies} list. */
    record Ref(String name, Node node, String path) {
    }

    /** A component as far as dependencies care: its name as written and what it lists. */
    record Declared(String name, List<Ref> dependencies) {
    }

    private enum Mark { VISITING, DONE }

    private final Map<String, Declared> byName = new LinkedHashMap<>();
    private final Map<String, Mark> marks = new HashMap<>();
    private final List<String> stack = new ArrayList<>();
    private final Problems problems;

    private DependencyCheck(List<Declared> declared, Problems problems) {
        this.problems = problems;
        for (Declared d : declared) {
            byName.putIfAbsent(d.name(), d);
        }
    }

    /** Reports unknown names, self-dependencies and each cycle once (at the entry that closes it). */
    static void check(List<Declared> declared, Problems problems) {
        DependencyCheck check = new DependencyCheck(declared, problems);
        for (Declared d : declared) {
            check.references(d);
        }
        for (String name : check.byName.keySet()) {
            check.visit(name);
        }
    }

    private void references(Declared d) {
        for (Ref ref : d.dependencies()) {
            if (ref.name().equals(d.name())) {
                problems.at(ref.node(), ref.path(), "a component cannot depend on itself");
            } else if (!byName.containsKey(ref.name())) {
                problems.at(ref.node(), ref.path(), "unknown component \"" + ref.name() + "\" (known: " + known() + ")");
            }
        }
    }

    private String known() {
        List<String> names = new ArrayList<>(new TreeSet<>(byName.keySet()));
        return names.size() <= 12 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 12)) + ", ... (" + names.size() + " in all)";
    }

    private void visit(String name) {
        if (marks.containsKey(name)) {
            return;
        }
        marks.put(name, Mark.VISITING);
        stack.add(name);
        for (Ref ref : byName.get(name).dependencies()) {
            String next = ref.name();
            if (next.equals(name) || !byName.containsKey(next)) {
                continue;
            }
            if (marks.get(next) == Mark.VISITING) {
                List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(next), stack.size()));
                cycle.add(next);
                problems.at(ref.node(), ref.path(), "dependency cycle " + String.join(" -> ", cycle));
            } else {
                visit(next);
            }
        }
        stack.remove(stack.size() - 1);
        marks.put(name, Mark.DONE);
    }
}
