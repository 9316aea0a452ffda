package dev.promotiond.facts;

import java.time.Instant;

/**
 * The soak of one (component, version, stage): it starts when that version is first seen in that
 * stage and restarts on a version change. The soak clock counts observed time only: each probe
 * stands for one interval, so time the daemon did not watch never counts toward the soak.
 *
 * @param wallSeconds seconds since the soak started, gaps included
 */
public record Soak(String component, String version, Stage stage, Instant startedAt, long wallSeconds,
                   long up, long down, long probeIntervalSeconds) {

    public long observed() {
        return up + down;
    }

    /**
     * Observed time in the soak: UP and DOWN probes × interval, never more than the time since the
     * soak started (a probe that just ran has not yet been watched for a whole interval).
     */
    public long observedSeconds() {
        return Math.min(observed() * probeIntervalSeconds, wallSeconds);
    }

    public long downSeconds() {
        return down * probeIntervalSeconds;
    }

    /** up / observed, or NaN when nothing was observed. */
    public double ratio() {
        long n = observed();
        return n == 0 ? Double.NaN : (double) up / n;
    }
}
