package dev.promotiond.engine;

import java.util.List;
import java.util.stream.Collectors;

/** The rules could not be compiled; {@link #problems()} says where. */
public final class RulesException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<RuleProblem> problems;

    public RulesException(List<RuleProblem> problems) {
        super(problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
