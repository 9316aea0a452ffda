package dev.promotiond.config;

import java.nio.file.Path;

/**
 * One thing wrong with a config file.
 *
 * @param line   1-based, 0 when the problem concerns the whole file (e.g. it cannot be read)
 * @param column 1-based, 0 when unknown
 * @param path   the field, e.g. {@code components[1].health.interval}; empty for the whole document
 */
public record ConfigProblem(Path file, int line, int column, String path, String message) {
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            s.append(':').append(line).append(':').append(column);
        }
        s.append(": ");
        if (!path.isEmpty()) {
            s.append(path).append(": ");
        }
        return s.append(message).toString();
    }
}
