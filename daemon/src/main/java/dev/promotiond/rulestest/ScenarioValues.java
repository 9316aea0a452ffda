package dev.promotiond.rulestest;

import dev.promotiond.config.Durations;
import dev.promotiond.facts.Stage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parsers for single scenario values, for {@link ScenarioReader} with {@link dev.promotiond.config.Fields};
 * each throws {@link IllegalArgumentException} with a message for the user.
 */
final class ScenarioValues {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");
    private static final Pattern SLI = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,3})?");

    private ScenarioValues() {
    }

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
