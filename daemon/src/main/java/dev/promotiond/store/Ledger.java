package dev.promotiond.store;

import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The uptime and soak ledger: every observation updates the in-memory windows and the soak in O(1)
 * and is queued for the {@link SqliteStore}; {@link #load} rebuilds the same state from the store
 * after a restart, so soak clocks continue and the time the daemon was down is a gap.
 *
 * <p>Thread-safe: observations arrive from probe threads while a cycle reads views.
 */
public final class Ledger {
    private final SqliteStore store;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();

    public Ledger(SqliteStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Rebuilds windows, soaks and last probes from the store as of {@code now}. Call before recording. */
    public void load(Instant now) {
        long nowMinute = minuteOf(now);
        store.readBuckets(nowMinute - MinuteWindows.RING + 1, (component, minute, up, down) -> {
            Track t = track(component);
            synchronized (t) {
                t.windows.add(minute, up, down);
            }
        });
        store.readLatestStages().forEach((component, stage) -> {
            Track t = track(component);
            synchronized (t) {
                t.stage = stage;
            }
        });
        store.readCurrentSoaks().forEach((component, row) -> {
            Track t = track(component);
            synchronized (t) {
                t.soak = new MutableSoak(row);
                if (t.stage == null) {
                    t.stage = row.stage();
                }
                t.version = row.version();
            }
        });
        store.readLastProbes().forEach((component, last) -> {
            Track t = track(component);
            synchronized (t) {
                t.last = last;
                if (last.version() != null) {
                    t.version = last.version();
                }
            }
        });
    }

    /**
     * Declares a component's current stage (from config) and probe interval. A stage different from
     * the one last recorded is written to the history; the next observation starts a new soak.
     */
    public void declare(String component, Stage stage, long probeIntervalSeconds, Instant now) {
        Track t = track(component);
        synchronized (t) {
            if (t.stage != stage) {
                store.addHistory(new HistoryEvent(component, now, "stage", stage, t.version));
            }
            t.stage = stage;
            t.intervalSeconds = probeIntervalSeconds;
        }
    }

    /** Records one probe outcome. O(1): a bucket increment, a soak update, queued writes. */
    public void record(Observation o) {
        Track t = tracks.get(o.component());
        if (t == null || t.stage == null) {
            throw new IllegalStateException("component " + o.component() + " was not declared");
        }
        synchronized (t) {
            long minute = minuteOf(o.at());
            t.windows.add(minute, o.up());
            store.addProbe(o.component(), minute, o.up());
            if (o.version() != null && !o.version().equals(t.version)) {
                store.addHistory(new HistoryEvent(o.component(), o.at(), "version", t.stage, o.version()));
                t.version = o.version();
            }
            t.soak = advanceSoak(t.soak, t.stage, o);
            store.putSoak(t.soak.row(o.component()));
            t.last = new SqliteStore.LastProbe(o.at(), o.up(), o.reason(), t.version);
            store.putLastProbe(o.component(), o.at(), o.up(), o.reason(), t.version);
        }
    }

    /**
     * A deployment record says {@code version} entered {@code stage} at {@code at}: when that is what
     * the component is running now (or its version cannot be read), its soak starts at {@code at}
     * instead of at first sight, counting the probes kept since then (at most the last 7 days, at
     * minute resolution). A record for a version not seen running yet changes nothing here: its
     * soak starts with its first probe. Returns whether the soak was moved.
     */
    public boolean startSoakAt(String component, Stage stage, String version, Instant at, Instant now) {
        Track t = tracks.get(component);
        if (t == null) {
            return false;
        }
        synchronized (t) {
            if (t.stage != stage || (t.version != null && version != null && !t.version.equals(version))
                    || at.isAfter(now)) {
                return false;
            }
            t.windows.advance(minuteOf(now));
            long[] counts = t.windows.since(minuteOf(at));
            MutableSoak soak = new MutableSoak(stage, version != null ? version : t.version, at);
            soak.up = counts[0];
            soak.down = counts[1];
            soak.lastAt = t.last != null && t.last.at().isAfter(at) ? t.last.at() : at;
            t.soak = soak;
            store.resetSoak(soak.row(component));
            return true;
        }
    }

    /** A soak continues while stage and version stay; a new version or stage starts a new one. */
    private static MutableSoak advanceSoak(MutableSoak soak, Stage stage, Observation o) {
        boolean versionChanged = soak != null && o.version() != null && soak.version != null
                && !soak.version.equals(o.version());
        if (soak == null || soak.stage != stage || versionChanged) {
            soak = new MutableSoak(stage, o.version(), o.at());
        } else if (soak.version == null && o.version() != null) {
            soak.version = o.version(); // first time the version could be read: same soak
        }
        if (o.up()) {
            soak.up++;
        } else {
            soak.down++;
        }
        if (o.at().isAfter(soak.lastAt)) {
            soak.lastAt = o.at();
        }
        return soak;
    }

    /** The component's windows and soak as of {@code now}; null when the component is unknown. */
    public LedgerView view(String component, Instant now) {
        Track t = tracks.get(component);
        if (t == null) {
            return null;
        }
        synchronized (t) {
            long nowMinute = minuteOf(now);
            t.windows.advance(nowMinute);
            long intoMinute = now.getEpochSecond() - nowMinute * 60;
            List<Uptime> uptimes = new ArrayList<>(MinuteWindows.NAMES.length);
            for (int w = 0; w < MinuteWindows.NAMES.length; w++) {
                long span = (MinuteWindows.MINUTES[w] - 1L) * 60 + intoMinute;
                long expected = t.intervalSeconds > 0 ? span / t.intervalSeconds : 0;
                Instant lastAt = t.last == null ? null : t.last.at();
                long up = t.windows.up(w);
                long down = t.windows.down(w);
                if (up + down == 0) {
                    lastAt = null;
                }
                uptimes.add(new Uptime(component, MinuteWindows.NAMES[w], MinuteWindows.MINUTES[w] * 60L, up, down,
                        expected, t.intervalSeconds, lastAt));
            }
            Soak soak = null;
            if (t.soak != null && t.soak.stage == t.stage) {
                long wall = Math.max(0, now.getEpochSecond() - t.soak.startedAt.getEpochSecond());
                soak = new Soak(component, t.soak.version, t.soak.stage, t.soak.startedAt, wall, t.soak.up,
                        t.soak.down, t.intervalSeconds);
            }
            SqliteStore.LastProbe last = t.last;
            return new LedgerView(component, t.version, List.copyOf(uptimes), soak,
                    last == null ? null : last.at(), last != null && last.up(), last == null ? null : last.reason());
        }
    }

    private Track track(String component) {
        return tracks.computeIfAbsent(component, Track::new);
    }

    static long minuteOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    private static final class Track {
        final MinuteWindows windows = new MinuteWindows();
        Stage stage;
        long intervalSeconds;
        String version;
        MutableSoak soak;
        SqliteStore.LastProbe last;

        Track(String name) {
        }
    }

    private static final class MutableSoak {
        final Stage stage;
        final Instant startedAt;
        String version;
        long up;
        long down;
        Instant lastAt;

        MutableSoak(Stage stage, String version, Instant startedAt) {
            this.stage = stage;
            this.version = version;
            this.startedAt = startedAt;
            this.lastAt = startedAt;
        }

        MutableSoak(SoakRow row) {
            this(row.stage(), row.version(), row.startedAt());
            this.up = row.up();
            this.down = row.down();
            this.lastAt = row.lastAt();
        }

        SoakRow row(String component) {
            return new SoakRow(component, stage, version, startedAt, up, down, lastAt);
        }
    }
}
