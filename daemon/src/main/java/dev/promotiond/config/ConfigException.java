package dev.promotiond.config;

import java.util.List;
import java.util.stream.Collectors;

/** The config file is unusable; {@link #problems()} lists every reason, in file order. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
