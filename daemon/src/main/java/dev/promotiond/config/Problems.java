package dev.promotiond.config;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects problems while one YAML file is read, so validation can carry on and report them all,
 * each as {@code file:line:col: field.path: message}. With {@link Fields} it is the one reader of
 * YAML-with-positions: the daemon's config, the rules folder's policy and rule-test scenarios all
 * read through it. Not thread-safe; one instance per file.
 */
public final class Problems {
    private final Path file;
    private final List<ConfigProblem> found = new ArrayList<>();

    public Problems(Path file) {
        this.file = file;
    }

    /**
     * The document's root node with positions, or null for an empty file or after reporting a YAML
     * syntax error (at the problem's position).
     */
    public Node compose(String yamlText) {
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(yamlText));
        } catch (MarkedYAMLException e) {
            String what = e.getProblem() != null ? e.getProblem() : e.getContext();
            at(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark(), "",
                    "YAML syntax error: " + what);
        } catch (YAMLException e) {
            atFile("", "YAML error: " + e.getMessage());
        }
        return null;
    }

    /** Reports at the start of {@code node}. */
    public void at(Node node, String path, String message) {
        at(node.getStartMark(), path, message);
    }

    void at(Mark mark, String path, String message) {
        if (mark == null) {
            atFile(path, message);
        } else {
            at(mark.getLine() + 1, mark.getColumn() + 1, path, message);
        }
    }

    /** Reports at a 1-based position. */
    public void at(int line, int column, String path, String message) {
        found.add(new ConfigProblem(file, line, column, path, message));
    }

    public void atFile(String path, String message) {
        found.add(new ConfigProblem(file, 0, 0, path, message));
    }

    public boolean any() {
        return !found.isEmpty();
    }

    /** How many problems were reported so far: a reader compares counts to tell whether a part was clean. */
    public int count() {
        return found.size();
    }

    /** All problems so far, file-level first, then by position (stable for problems at one spot). */
    public ConfigException exception() {
        List<ConfigProblem> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return new ConfigException(sorted);
    }

    public void throwIfAny() throws ConfigException {
        if (any()) {
            throw exception();
        }
    }
}
