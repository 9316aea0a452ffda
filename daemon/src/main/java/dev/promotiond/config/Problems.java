package dev.promotiond.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects problems while one file is read, so validation can carry on and report them all. */
final class Problems {
    private final Path file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    /** Reports at the start of {@code node}. */
    void at(Node node, String path, String message) {
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
    void at(int line, int column, String path, String message) {
        found.add(new ConfigProblem(file, line, column, path, message));
    }

    void atFile(String path, String message) {
        found.add(new ConfigProblem(file, 0, 0, path, message));
    }

    boolean any() {
        return !found.isEmpty();
    }

    /** All problems so far, file-level first, then by position (stable for problems at one spot). */
    ConfigException exception() {
        List<ConfigProblem> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return new ConfigException(sorted);
    }

    void throwIfAny() throws ConfigException {
        if (any()) {
            throw exception();
        }
    }
}
