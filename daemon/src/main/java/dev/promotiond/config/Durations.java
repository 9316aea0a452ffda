package dev.promotiond.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus-style durations: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 7d},
 * {@code 1w} (7d), {@code 1y} (365d), and combinations from the largest unit down, each unit at most
 * once, such as {@code 1h30m}. A number without a unit is rejected, even {@code 0} (write {@code 0s}).
 */
public final class Durations {
    static final String EXAMPLES = "(use e.g. 500ms, 10s, 5m, 1h, 7d)";

    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] MILLIS = {
        365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};
    private static final Pattern FORM = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    /** format() stops at days: "7d" and "35d" read better than "1w" and "5w". */
    private static final int FORMAT_FROM = 2;

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException with a message fit for the user, e.g.
     *         {@code bad duration "10x" (use e.g. 500ms, 10s, 5m, 1h, 7d)}
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration " + EXAMPLES);
        }
        String quoted = "bad duration \"" + text + "\"";
        if (text.startsWith("-")) {
            throw new IllegalArgumentException(quoted + ": negative durations are not allowed");
        }
        if (text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(quoted + ": a unit is required " + EXAMPLES);
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(quoted + " " + EXAMPLES);
        }
        long total = 0;
        try {
            for (int i = 0; i < UNITS.length; i++) {
                String digits = m.group(i + 1);
                if (digits != null) {
                    total = Math.addExact(total, Math.multiplyExact(Long.parseLong(digits), MILLIS[i]));
                }
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(quoted + ": too large");
        }
        return Duration.ofMillis(total);
    }

    /**
     * The shortest form using d, h, m, s and ms, e.g. {@code 7d}, {@code 1h30m}, {@code 500ms};
     * {@code 0s} for zero. Sub-millisecond parts are dropped.
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        long left = duration.toMillis();
        if (left == 0) {
            return "0s";
        }
        StringBuilder s = new StringBuilder();
        for (int i = FORMAT_FROM; i < UNITS.length; i++) {
            long n = left / MILLIS[i];
            if (n > 0) {
                s.append(n).append(UNITS[i]);
                left -= n * MILLIS[i];
            }
        }
        return s.toString();
    }
}
