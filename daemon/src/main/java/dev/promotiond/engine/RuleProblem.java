package dev.promotiond.engine;

import java.nio.file.Path;

/** One compile error or warning, located in the operator's file. Line and column are 1-based, 0 if unknown. */
public record RuleProblem(Path file, int line, int column, String message, boolean error) {
    @Override
    public String toString() {
        return (file == null ? "<rules>" : file.toString()) + ":" + line + ":" + column + ": "
                + (error ? "" : "warning: ") + message;
    }
}
