package dev.promotiond.facts;

import java.time.Instant;

/**
 * Probe counts over one trailing window ("1h", "24h", "7d", or another the policy asks for: see
 * {@link UptimeWindows}) ending at the snapshot instant.
 * uptime = up / (up + down); coverage = (up + down) / expected, where expected is the number of
 * probe slots the window holds at the component's interval. Gaps lower coverage, never uptime.
 *
 * @param lastObservedAt the newest observation in the window, or null when none
 * @param unknownReason  why the window cannot be known (e.g. its source is down), or null
 */
public record Uptime(String component, String window, long windowSeconds, long up, long down, long expected,
                     long probeIntervalSeconds, Instant lastObservedAt, String unknownReason) {

    public Uptime(String component, String window, long windowSeconds, long up, long down, long expected,
                  long probeIntervalSeconds, Instant lastObservedAt) {
        this(component, window, windowSeconds, up, down, expected, probeIntervalSeconds, lastObservedAt, null);
    }

    public long observed() {
        return up + down;
    }

    /** up / observed, or NaN when nothing was observed. */
    public double ratio() {
        long n = observed();
        return n == 0 ? Double.NaN : (double) up / n;
    }

    /** observed / expected, in 0..1 (0 when nothing is expected). */
    public double coverage() {
        return expected == 0 ? 0.0 : Math.min(1.0, (double) observed() / expected);
    }

    /** DOWN time: each DOWN probe stands for one probe interval. */
    public long downSeconds() {
        return down * probeIntervalSeconds;
    }

    public long observedSeconds() {
        return observed() * probeIntervalSeconds;
    }
}
