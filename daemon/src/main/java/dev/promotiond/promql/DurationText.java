package dev.promotiond.promql;

import java.time.Duration;

/** Durations as they appear in reasons: limits compactly ("5m", "500ms"), ages Go-style ("12m0s"). */
final class DurationText {
    private DurationText() {
    }

    /** "5m", "1h30m", "5s", "500ms": the non-zero units only. */
    static String compact(Duration d) {
        if (d.isNegative()) {
            return "-" + compact(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        append(b, d.toHours(), "h");
        append(b, d.toMinutesPart(), "m");
        append(b, d.toSecondsPart(), "s");
        append(b, d.toMillisPart(), "ms");
        return b.length() == 0 ? d.toNanos() + "ns" : b.toString();
    }

    /** An age truncated to whole seconds, Go-style: "45s", "12m0s", "1h2m3s". */
    static String age(Duration d) {
        if (d.isNegative()) {
            return "-" + age(d.negated());
        }
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        if (h > 0) {
            return h + "h" + m + "m" + s + "s";
        }
        if (m > 0) {
            return m + "m" + s + "s";
        }
        return s + "s";
    }

    private static void append(StringBuilder b, long amount, String unit) {
        if (amount != 0) {
            b.append(amount).append(unit);
        }
    }
}
