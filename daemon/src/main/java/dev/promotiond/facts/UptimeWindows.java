package dev.promotiond.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The trailing windows uptime is reported over, shortest first: by default "1h", "24h" and "7d";
 * the policy may ask for others (a "14d" window, a "3d" one). "1h" and "24h" are always present:
 * the soak's burn rate reads the 24h window. Immutable; the same value names the ledger's windows,
 * the replayed ones and the windows queried from Prometheus, so {@link Uptime#window()} labels agree.
 *
 * <p>A window is a whole number of minutes. Named in one unit, as Prometheus durations are written
 * ({@link #name}): whole days from 2 days up ("7d", "14d"), else whole hours ("1h", "24h", "36h"),
 * else minutes ("90m"); every name parses back to its duration with the config's duration parser.
 *
 * <p>A window of {@code m} minutes at instant {@code now} starts at the beginning of the minute
 * {@code m - 1} minutes before now's minute and ends at {@code now}: whole minutes plus the part of
 * the current one, the boundaries the minute-bucket ledger of earlier versions used.
 */
public final class UptimeWindows {
    private static final int HOUR = 60;
    private static final int DAY = 24 * HOUR;
    /** Present in every set: the short window, and the day the soak's burn rate is measured over. */
    private static final List<Duration> ALWAYS = List.of(Duration.ofHours(1), Duration.ofHours(24));

    /** Today's windows: "1h", "24h" and "7d". */
    public static final UptimeWindows DEFAULT = of(List.of(Duration.ofDays(7)));

    private final int[] minutes;
    private final List<String> names;

    private UptimeWindows(int[] minutes) {
        this.minutes = minutes;
        List<String> n = new ArrayList<>(minutes.length);
        for (int m : minutes) {
            n.add(nameOfMinutes(m));
        }
        this.names = List.copyOf(n);
    }

    /**
     * The windows asked for, plus 1h and 24h, each once, shortest first.
     *
     * @throws IllegalArgumentException naming the window when one is not a positive whole number of minutes
     */
    public static UptimeWindows of(Collection<Duration> asked) {
        TreeSet<Integer> set = new TreeSet<>();
        for (Duration d : ALWAYS) {
            set.add((int) d.toMinutes());
        }
        for (Duration d : asked) {
            Objects.requireNonNull(d, "uptime window");
            if (d.isNegative() || d.isZero() || d.toSeconds() % 60 != 0 || d.getNano() != 0) {
                throw new IllegalArgumentException("uptime window " + d.toString().substring(2).toLowerCase()
                        + " is not a positive whole number of minutes");
            }
            if (d.toMinutes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("uptime window " + nameOfMinutes(d.toMinutes()) + " is too long");
            }
            set.add((int) d.toMinutes());
        }
        return new UptimeWindows(set.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * This set, when its longest window fits in {@code retention} (how long the store keeps probe runs).
     *
     * @throws IllegalArgumentException naming the window and the retention when a window is longer
     */
    public UptimeWindows within(Duration retention) {
        long longest = longestMinutes();
        if (retention != null && longest > retention.toMinutes()) {
            throw new IllegalArgumentException("uptime window " + nameOfMinutes(longest) + " is longer than the store's retention "
                    + nameOfMinutes(retention.toMinutes()) + ": older probe runs are pruned (raise retention: in the config,"
                    + " or shorten the window)");
        }
        return this;
    }

    /** The name of a window of {@code d} (a whole number of minutes), as it appears in {@link Uptime#window()}. */
    public static String name(Duration d) {
        return nameOfMinutes(d.toMinutes());
    }

    private static String nameOfMinutes(long minutes) {
        if (minutes >= 2 * DAY && minutes % DAY == 0) {
            return minutes / DAY + "d";
        }
        if (minutes % HOUR == 0) {
            return minutes / HOUR + "h";
        }
        return minutes + "m";
    }

    /** How many windows there are. */
    public int size() {
        return minutes.length;
    }

    /** The names, shortest window first. */
    public List<String> names() {
        return names;
    }

    /** Window {@code w}'s name. */
    public String name(int w) {
        return names.get(w);
    }

    /** Window {@code w}'s length. */
    public Duration duration(int w) {
        return Duration.ofMinutes(minutes[w]);
    }

    /** Every window's length, shortest first. */
    public List<Duration> durations() {
        List<Duration> out = new ArrayList<>(minutes.length);
        for (int m : minutes) {
            out.add(Duration.ofMinutes(m));
        }
        return List.copyOf(out);
    }

    /** The longest window, in minutes: runs that ended before it are not kept in memory. */
    public int longestMinutes() {
        return minutes[minutes.length - 1];
    }

    /** Where window {@code w} starts at {@code now}, in epoch milliseconds. */
    public long startMillis(int w, Instant now) {
        return (minuteOf(now) - minutes[w] + 1) * 60_000L;
    }

    /** Where the longest window starts at {@code now}: what the ledger keeps in memory. */
    public long longestStartMillis(Instant now) {
        return startMillis(minutes.length - 1, now);
    }

    /** Seconds the window spans at {@code now} (whole minutes before now's minute, plus the seconds into it). */
    public long spanSeconds(int w, Instant now) {
        return (minutes[w] - 1L) * 60 + (now.getEpochSecond() - minuteOf(now) * 60);
    }

    /** The minute {@code at} falls in, counted from the epoch. */
    public static long minuteOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UptimeWindows other && java.util.Arrays.equals(minutes, other.minutes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(minutes);
    }

    @Override
    public String toString() {
        return String.join(", ", names);
    }
}
