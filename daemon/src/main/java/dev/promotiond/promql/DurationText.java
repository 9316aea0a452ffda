package dev.promotiond.promql;

import java.time.Duration;

/**
 * Ages as they appear in reasons, Go-style ("12m0s") as Prometheus writes them. Limits use the
 * configuration's own form, {@link dev.promotiond.config.Durations#format}.
 */
final class DurationText {
    private DurationText() {
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
}
