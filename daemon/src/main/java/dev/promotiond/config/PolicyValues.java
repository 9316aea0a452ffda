package dev.promotiond.config;

import dev.promotiond.config.PolicyKey.Unit;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one threshold as the operator wrote it into base units (ratio, seconds, count, requests
 * per second), with a hint when the unit is missing or wrong: {@code 99.5} is refused with "write
 * 99.5%", {@code 7 days} with "write 7d".
 */
final class PolicyValues {
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|h)");
    private static final Pattern WORDY_DURATION = Pattern.compile(
            "(\\d+)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?|w|weeks?)");

    /** The value in base units and its canonical text. */
    record Value(double value, String text) {
    }

    private PolicyValues() {
    }

    /** @throws IllegalArgumentException with a message and a hint for the operator */
    static Value parse(Unit unit, String raw) {
        String text = raw.strip();
        return switch (unit) {
            case PERCENT -> percent(text);
            case DURATION -> duration(text, false);
            case WINDOW -> duration(text, true);
            case COUNT -> count(text);
            case SEVERITY -> severity(text);
            case BANDIT_SEVERITY -> {
                Value v = severity(text);
                if (v.text().equals("CRITICAL")) {
                    throw new IllegalArgumentException("bandit ranks findings LOW, MEDIUM or HIGH; it has no CRITICAL"
                            + " (write HIGH for the most severe)");
                }
                yield v;
            }
            case RATE -> rate(text);
        };
    }

    private static Value percent(String text) {
        Matcher m = PERCENT.matcher(text);
        if (m.matches()) {
            double pct = Double.parseDouble(m.group(1));
            if (pct > 100) {
                throw new IllegalArgumentException("\"" + text + "\" is more than 100%");
            }
            return new Value(new BigDecimal(m.group(1)).movePointLeft(2).doubleValue(), plain(m.group(1)) + "%");
        }
        if (NUMBER.matcher(text).matches()) {
            double n = Double.parseDouble(text);
            String hint = n <= 1 && n > 0 && text.contains(".")
                    ? "write " + plain(new BigDecimal(text).movePointRight(2).toPlainString()) + "% for a ratio of " + text
                            + ", or " + text + "% if you meant that"
                    : "write " + text + "%";
            throw new IllegalArgumentException("\"" + text + "\" has no unit: a percentage needs \"%\" (" + hint + ")");
        }
        throw new IllegalArgumentException("bad percentage \"" + text + "\" (" + Unit.PERCENT.hint + ")");
    }

    private static Value duration(String text, boolean window) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            Matcher wordy = WORDY_DURATION.matcher(text.toLowerCase(Locale.ROOT));
            if (wordy.matches() && !text.equals(wordy.group(1) + wordy.group(2))) {
                throw new IllegalArgumentException("bad duration \"" + text + "\" (write " + wordy.group(1)
                        + shortUnit(wordy.group(2)) + ")");
            }
            throw new IllegalArgumentException(e.getMessage());
        }
        if (window) {
            if (d.toMillis() % 60_000 != 0 || d.isZero()) {
                throw new IllegalArgumentException("a window must be whole minutes, at least 1m; found \"" + text + "\"");
            }
            return new Value(d.toSeconds(), dev.promotiond.facts.UptimeWindows.name(d));
        }
        return new Value(d.toMillis() / 1000.0, text);
    }

    private static String shortUnit(String word) {
        if (word.startsWith("ms") || word.startsWith("milli")) {
            return "ms";
        }
        return word.substring(0, 1);
    }

    private static Value count(String text) {
        if (!text.chars().allMatch(Character::isDigit) || text.isEmpty()) {
            throw new IllegalArgumentException("bad count \"" + text + "\" (" + Unit.COUNT.hint + ")");
        }
        try {
            return new Value(Long.parseLong(text), text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad count \"" + text + "\": too large");
        }
    }

    private static Value severity(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "LOW", "MEDIUM", "HIGH", "CRITICAL" -> new Value(Double.NaN, upper);
            default -> throw new IllegalArgumentException("bad severity \"" + text + "\" (" + Unit.SEVERITY.hint + ")");
        };
    }

    private static Value rate(String text) {
        Matcher m = RATE.matcher(text);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double perSecond = switch (m.group(2)) {
                case "m" -> n / 60;
                case "h" -> n / 3600;
                default -> n;
            };
            return new Value(perSecond, plain(m.group(1)) + "/" + m.group(2));
        }
        if (NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" has no unit: a request rate needs one (write "
                    + text + "/s)");
        }
        throw new IllegalArgumentException("bad request rate \"" + text + "\" (" + Unit.RATE.hint + ")");
    }

    /** "99.50" → "99.5", "70.0" → "70". */
    private static String plain(String number) {
        return new BigDecimal(number).stripTrailingZeros().toPlainString();
    }
}
