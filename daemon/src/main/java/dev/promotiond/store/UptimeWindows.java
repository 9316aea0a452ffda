package dev.promotiond.store;

import java.time.Instant;

/**
 * The trailing windows the ledger reports: "1h", "24h" and "7d". A window of {@code m} minutes at
 * instant {@code now} starts at the beginning of the minute {@code m - 1} minutes before now's
 * minute and ends at {@code now}: whole minutes plus the part of the current one, the same
 * boundaries the minute-bucket ledger of earlier versions used, so figures did not move when the
 * ledger became run-based.
 */
final class UptimeWindows {
    static final String[] NAMES = {"1h", "24h", "7d"};
    static final int[] MINUTES = {60, 24 * 60, 7 * 24 * 60};
    /** The longest window, in minutes: runs that ended before it are not kept in memory. */
    static final int LONGEST = MINUTES[MINUTES.length - 1];

    private UptimeWindows() {
    }

    /** Where window {@code w} starts at {@code now}, in epoch milliseconds. */
    static long startMillis(int w, Instant now) {
        return (minuteOf(now) - MINUTES[w] + 1) * 60_000L;
    }

    /** Where the longest window starts at {@code now}: what the ledger keeps in memory. */
    static long longestStartMillis(Instant now) {
        return startMillis(MINUTES.length - 1, now);
    }

    /** Seconds the window spans at {@code now} (whole minutes before now's minute, plus the seconds into it). */
    static long spanSeconds(int w, Instant now) {
        return (MINUTES[w] - 1L) * 60 + (now.getEpochSecond() - minuteOf(now) * 60);
    }

    static long minuteOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }
}
