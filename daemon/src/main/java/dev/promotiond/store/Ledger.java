package dev.promotiond.store;

import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import dev.promotiond.facts.UptimeWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The uptime and soak ledger. Probe outcomes are kept as runs ({@link ProbeRuns}: consecutive probes
 * with the same outcome, version and stage): an observation extends the open run or starts a new
 * one and updates the soak, in O(1), and the changed rows are queued for the {@link Store}.
 * {@link #load} reads back only the runs of the longest window, the current soaks and last probes,
 * so a restart costs O(runs), not O(probes); soak clocks continue and the time the daemon was down
 * is a gap (a run never spans it).
 *
 * <p>Thread-safe: observations arrive from probe threads while a cycle reads views.
 */
public final class Ledger {
    /** Before a component's interval is declared: a longer silence than this ends a run. */
    private static final long DEFAULT_MAX_GAP_MILLIS = 90_000;
    private final Store store;
    /** How long the store keeps probe runs: no window may be longer; null when unbounded. */
    private final Duration retention;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private volatile UptimeWindows windows = UptimeWindows.DEFAULT;
    private volatile boolean loaded;

    /** A ledger whose windows are not bounded by a retention (tests, scenarios). */
    public Ledger(Store store) {
        this(store, null);
    }

    /** @param retention how long the store keeps probe runs ({@code retention:} in the config) */
    public Ledger(Store store, Duration retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = retention;
    }

    /** The windows {@link #view} reports. */
    public UptimeWindows windows() {
        return windows;
    }

    /**
     * Reports the windows asked for (plus 1h and 24h) from now on; call again on a policy reload.
     * When the longest window grows on a loaded ledger, the runs it now needs and had not kept are
     * read from the store as of {@code now}, so a new 14d window reports the 14 days the store holds
     * at once; a window that shrinks drops the older runs at the next {@link #view}.
     *
     * @throws IllegalArgumentException naming the window when one is not whole minutes or is longer
     *         than the retention; the windows in use stay
     */
    public void windows(Collection<Duration> asked, Instant now) {
        UptimeWindows next = UptimeWindows.of(asked).within(retention);
        synchronized (this) {
            UptimeWindows previous = windows;
            if (loaded && next.longestMinutes() > previous.longestMinutes()) {
                readOlderRuns(next.longestStartMillis(now), previous.longestStartMillis(now));
            }
            windows = next;
        }
    }

    /**
     * Puts back in front of each track the runs from {@code fromMillis} that it does not hold: those
     * that ended before its first kept run, or, for a track holding none, before {@code keptFromMillis}
     * (where the previous longest window began). Probes recorded meanwhile only append, so they stay.
     */
    private void readOlderRuns(long fromMillis, long keptFromMillis) {
        Map<String, List<long[]>> older = new HashMap<>();
        store.readRuns(fromMillis, (component, from, to, up, probes) -> {
            if (from < keptFromMillis) { // a run that started later is held already
                older.computeIfAbsent(component, k -> new ArrayList<>()).add(new long[] {from, to, up ? probes : -probes});
            }
        });
        older.forEach((component, runs) -> {
            Track t = track(component);
            synchronized (t) {
                long before = t.runs.isEmpty() ? keptFromMillis : t.runs.firstFrom();
                ProbeRuns merged = new ProbeRuns();
                for (long[] r : runs) {
                    if (r[1] < before) {
                        merged.append(r[0], r[1], (int) r[2]);
                    }
                }
                t.runs.prepend(merged);
            }
        });
    }

    /** Rebuilds windows, soaks and last probes from the store as of {@code now}. Call before recording. */
    public void load(Instant now) {
        Track[] current = {null};
        store.readRuns(windows.longestStartMillis(now),
                (component, from, to, up, probes) -> {
                    Track t = current[0];
                    if (t == null || !t.name.equals(component)) {
                        t = track(component);
                        current[0] = t;
                    }
                    synchronized (t) {
                        t.runs.append(from, to, up ? probes : -probes);
                    }
                });
        store.readNewestRuns().forEach((component, row) -> {
            Track t = tracks.get(component);
            if (t != null) {
                synchronized (t) {
                    if (!t.runs.isEmpty() && t.runs.lastAt() == row.toMillis()) {
                        t.open = row; // only a run still in memory can be continued
                    }
                }
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
        long synced = now.toEpochMilli();
        tracks.values().forEach(t -> t.syncedMillis = synced);
        loaded = true;
    }

    /**
     * How far before the last refresh rows are read again: a replica flushes once a second, so a
     * probe it took before this replica's last refresh may reach the store a little after it.
     */
    static final long REFRESH_OVERLAP_MILLIS = 60_000;

    /**
     * Brings the tracks of {@code components}, which other replicas probe, up to date with the store
     * as of {@code now}: the finished runs that ended since their last refresh (or load), their open
     * run (with the last probe) and soak. Incremental: one query per table for all of them, reading
     * only rows that end after the oldest of their last known probes, or their last refresh less
     * {@link #REFRESH_OVERLAP_MILLIS}. Call it too for a component this replica starts probing, so
     * its run and soak continue where the previous owner left them.
     */
    public void refresh(java.util.Set<String> components, Instant now) {
        if (components.isEmpty()) {
            return;
        }
        long longest = windows.longestStartMillis(now);
        long from = Long.MAX_VALUE;
        for (String c : components) {
            Track t = tracks.get(c);
            long since = t == null || t.syncedMillis == 0 ? longest : t.syncedMillis - REFRESH_OVERLAP_MILLIS;
            if (t != null) {
                synchronized (t) {
                    if (t.open != null) {
                        since = Math.min(since, t.open.toMillis());
                    }
                }
            }
            from = Math.min(from, since);
        }
        Store.Changes changes = store.readChangedSince(Math.max(from, longest), components::contains);
        Map<String, List<RunRow>> finished = new java.util.HashMap<>();
        changes.finished().forEach(r -> finished.computeIfAbsent(r.component(), k -> new ArrayList<>()).add(r));
        for (String c : components) {
            Track t = track(c);
            synchronized (t) {
                long cutoff;
                if (t.open != null) {
                    cutoff = t.open.fromMillis();
                    t.runs.dropFrom(cutoff); // read again: it may have grown or ended
                    t.open = null;
                } else {
                    cutoff = t.runs.isEmpty() ? Long.MIN_VALUE : t.runs.lastAt() + 1;
                }
                for (RunRow r : finished.getOrDefault(c, List.of())) {
                    if (r.fromMillis() >= cutoff && (t.runs.isEmpty() || r.fromMillis() >= t.runs.lastAt())) {
                        t.runs.append(r.fromMillis(), r.toMillis(), r.up() ? r.probes() : -r.probes());
                    }
                }
                Store.OpenRun o = changes.open().get(c);
                if (o != null && o.run().fromMillis() >= cutoff
                        && (t.runs.isEmpty() || o.run().fromMillis() >= t.runs.lastAt())) {
                    RunRow r = o.run();
                    t.runs.append(r.fromMillis(), r.toMillis(), r.up() ? r.probes() : -r.probes());
                    t.open = r;
                    t.last = new Store.LastProbe(Instant.ofEpochMilli(r.toMillis()), r.up(), o.reason(), r.version());
                    if (r.version() != null) {
                        t.version = r.version();
                    }
                }
                SoakRow s = changes.soaks().get(c);
                if (s != null && (t.soak == null || !s.lastAt().isBefore(t.soak.lastAt)
                        || s.startedAt().isAfter(t.soak.startedAt))) {
                    t.soak = new MutableSoak(s);
                    if (t.version == null) {
                        t.version = s.version();
                    }
                }
                t.syncedMillis = now.toEpochMilli();
            }
        }
    }

    /**
     * Forgets everything in memory and loads again from the store, keeping the declared probe
     * intervals: a replica that starts leading takes over the ledger as its predecessor left it.
     * Call while nothing records.
     */
    public void reload(Instant now) {
        store.flush();
        Map<String, Long> intervals = new java.util.HashMap<>();
        tracks.forEach((name, t) -> intervals.put(name, t.intervalSeconds));
        tracks.clear();
        load(now);
        intervals.forEach((name, seconds) -> {
            Track t = tracks.get(name);
            if (t != null) {
                t.intervalSeconds = seconds;
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

    /**
     * Records one probe outcome. O(1): the open run grows or a new one starts, the soak moves on, and
     * both rows are queued. A probe that completes after a later-started one is placed at that later
     * probe's time, so runs stay in order (its outcome still counts).
     */
    public void record(Observation o) {
        Track t = tracks.get(o.component());
        if (t == null || t.stage == null) {
            throw new IllegalStateException("component " + o.component() + " was not declared");
        }
        synchronized (t) {
            if (o.version() != null && !o.version().equals(t.version)) {
                store.addHistory(new HistoryEvent(o.component(), o.at(), "version", t.stage, o.version()));
                t.version = o.version();
            }
            recordRun(o.component(), t, o.at().toEpochMilli(), o.up(), o.reason());
            t.soak = advanceSoak(t.soak, t.stage, o);
            store.putSoak(t.soak.row(o.component()));
            t.last = new Store.LastProbe(o.at(), o.up(), o.reason(), t.version); // stored with the open run
        }
    }

    /**
     * A deployment record says {@code version} entered {@code stage} at {@code at}: when that is what
     * the component is running now (or its version cannot be read), its soak starts at {@code at}
     * instead of at first sight, counting the probes kept since then (at most the longest window, at
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
            long[] counts = t.runs.count(UptimeWindows.minuteOf(at) * 60_000L, Long.MAX_VALUE);
            MutableSoak soak = new MutableSoak(stage, version != null ? version : t.version, at);
            soak.up = counts[0];
            soak.down = counts[1];
            soak.lastAt = t.last != null && t.last.at().isAfter(at) ? t.last.at() : at;
            t.soak = soak;
            store.resetSoak(soak.row(component));
            return true;
        }
    }

    /**
     * The probe continues the open run when outcome, version and stage are the same and it follows
     * the run's last probe within one and a half intervals; otherwise it starts a new run.
     */
    private void recordRun(String component, Track t, long at, boolean up, String reason) {
        RunRow open = t.open;
        long maxGap = t.intervalSeconds > 0 ? t.intervalSeconds * 1500 : DEFAULT_MAX_GAP_MILLIS;
        if (open != null && !t.runs.isEmpty()) {
            long last = t.runs.lastAt();
            at = Math.max(at, last);
            if (open.up() == up && open.stage() == t.stage && Objects.equals(open.version(), t.version)
                    && at - last <= maxGap && t.runs.lastUp() == up) {
                t.runs.extend(at);
                t.open = new RunRow(component, open.stage(), open.version(), up, open.fromMillis(), at, open.probes() + 1);
                store.putOpenRun(t.open, reason);
                return;
            }
        }
        if (open != null) {
            store.putRun(open); // finished: it moves to the runs that no longer change
        }
        t.runs.start(at, up);
        t.open = new RunRow(component, t.stage, t.version, up, at, at, 1);
        store.putOpenRun(t.open, reason);
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
            UptimeWindows ws = windows;
            t.runs.dropEndedBefore(ws.longestStartMillis(now));
            long end = now.toEpochMilli();
            List<Uptime> uptimes = new ArrayList<>(ws.size());
            for (int w = 0; w < ws.size(); w++) {
                long span = ws.spanSeconds(w, now);
                long expected = t.intervalSeconds > 0 ? span / t.intervalSeconds : 0;
                long[] counts = t.runs.count(ws.startMillis(w, now), end);
                Instant lastAt = counts[0] + counts[1] == 0 ? null
                        : t.last != null && !t.last.at().isAfter(now) ? t.last.at() : Instant.ofEpochMilli(counts[2]);
                uptimes.add(new Uptime(component, ws.name(w), ws.duration(w).toSeconds(), counts[0],
                        counts[1], expected, t.intervalSeconds, lastAt));
            }
            Soak soak = null;
            if (t.soak != null && t.soak.stage == t.stage) {
                long wall = Math.max(0, now.getEpochSecond() - t.soak.startedAt.getEpochSecond());
                soak = new Soak(component, t.soak.version, t.soak.stage, t.soak.startedAt, wall, t.soak.up,
                        t.soak.down, t.intervalSeconds);
            }
            Store.LastProbe last = t.last;
            return new LedgerView(component, t.version, List.copyOf(uptimes), soak,
                    last == null ? null : last.at(), last != null && last.up(), last == null ? null : last.reason());
        }
    }

    private Track track(String component) {
        return tracks.computeIfAbsent(component, Track::new);
    }


    private static final class Track {
        final ProbeRuns runs = new ProbeRuns();
        RunRow open;
        Stage stage;
        long intervalSeconds;
        String version;
        MutableSoak soak;
        Store.LastProbe last;
        /** When {@link #load} or {@link #refresh} last read this track from the store; 0 before. */
        long syncedMillis;

        final String name;

        Track(String name) {
            this.name = name;
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
