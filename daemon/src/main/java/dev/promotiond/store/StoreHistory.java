package dev.promotiond.store;

import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The store read back as of any past instant, for replaying history with other rules: uptime
 * windows and soaks at minute resolution (the resolution probe outcomes are kept at), stage and
 * version from the history, and the evidence that had been received by then. Read-only; loads
 * what it needs once.
 */
public final class StoreHistory {
    private final Map<String, Buckets> buckets = new HashMap<>();
    private final Map<String, List<SoakRow>> soaks = new HashMap<>();
    private final Map<String, List<HistoryEvent>> history = new HashMap<>();
    private final List<Evidence> evidence = new ArrayList<>();
    private final TreeSet<String> components = new TreeSet<>();
    private Instant newest;

    private StoreHistory() {
    }

    /**
     * Loads everything needed to look at any instant in the last {@code back} before the newest probe
     * outcome in the store (windows reach 7 days further back).
     */
    public static StoreHistory read(SqliteStore store, java.time.Duration back) {
        long newestMinute;
        synchronized (store) {
            store.flush();
            try (Statement s = store.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT MAX(minute) FROM probe_buckets")) {
                newestMinute = rs.next() ? rs.getLong(1) : 0;
            } catch (SQLException e) {
                throw new StoreException("cannot read store " + store.file() + ": " + e.getMessage(), e);
            }
        }
        StoreHistory h = new StoreHistory();
        long fromMinute = newestMinute - back.toMinutes() - MinuteWindows.RING - 1;
        Map<String, List<long[]>> rows = new HashMap<>();
        store.readBuckets(fromMinute, (component, minute, up, down) ->
                rows.computeIfAbsent(component, k -> new ArrayList<>()).add(new long[] {minute, up, down}));
        rows.forEach((c, list) -> h.buckets.put(c, new Buckets(list)));
        synchronized (store) {
            try (Statement s = store.connection().createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT component, stage, version, started_at, up, down, last_at"
                        + " FROM soaks ORDER BY started_at")) {
                    while (rs.next()) {
                        Stage stage = Stage.parse(rs.getString(2)).orElse(Stage.DEVELOPMENT);
                        h.soaks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new SoakRow(rs.getString(1),
                                stage, rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5), rs.getLong(6),
                                Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT component, at, kind, stage, version FROM history ORDER BY at, id")) {
                    while (rs.next()) {
                        Stage stage = Stage.parse(rs.getString(4)).orElse(null);
                        if (stage != null) {
                            h.history.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new HistoryEvent(
                                    rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), stage,
                                    rs.getString(5)));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read store " + store.file() + ": " + e.getMessage(), e);
            }
        }
        h.evidence.addAll(new EvidenceStore(store).all());
        h.components.addAll(h.buckets.keySet());
        h.components.addAll(h.soaks.keySet());
        h.components.addAll(h.history.keySet());
        for (Buckets b : h.buckets.values()) {
            if (b.minutes.length > 0) {
                Instant last = Instant.ofEpochSecond((b.minutes[b.minutes.length - 1] + 1) * 60);
                h.newest = h.newest == null || last.isAfter(h.newest) ? last : h.newest;
            }
        }
        return h;
    }

    /** Every component the store knows of. */
    public List<String> components() {
        return List.copyOf(components);
    }

    /** The end of the newest minute with a probe outcome, or null when the store holds none. */
    public Instant newest() {
        return newest;
    }

    /**
     * The probe interval the component most likely had: 60 s divided by the most probes seen in one
     * minute (at least 1 s); 0 when it was never probed.
     */
    public long inferredIntervalSeconds(String component) {
        Buckets b = buckets.get(component);
        if (b == null || b.minutes.length == 0) {
            return 0;
        }
        long max = 1;
        for (int i = 0; i < b.minutes.length; i++) {
            max = Math.max(max, b.up(i) + b.down(i));
        }
        return Math.max(1, 60 / max);
    }

    /** The 1h, 24h and 7d windows ending at {@code at}, as the ledger would have shown them then. */
    public List<Uptime> uptimes(String component, Instant at, long intervalSeconds) {
        long nowMinute = Math.floorDiv(at.getEpochSecond(), 60);
        long intoMinute = at.getEpochSecond() - nowMinute * 60;
        Buckets b = buckets.getOrDefault(component, Buckets.EMPTY);
        List<Uptime> out = new ArrayList<>(MinuteWindows.NAMES.length);
        for (int w = 0; w < MinuteWindows.NAMES.length; w++) {
            long[] sum = b.sum(nowMinute - MinuteWindows.MINUTES[w] + 1, nowMinute);
            long span = (MinuteWindows.MINUTES[w] - 1L) * 60 + intoMinute;
            long expected = intervalSeconds > 0 ? span / intervalSeconds : 0;
            Instant last = sum[0] + sum[1] == 0 ? null : Instant.ofEpochSecond(Math.min(at.getEpochSecond(), (sum[2] + 1) * 60));
            out.add(new Uptime(component, MinuteWindows.NAMES[w], MinuteWindows.MINUTES[w] * 60L, sum[0], sum[1], expected,
                    intervalSeconds, last));
        }
        return out;
    }

    /** The soak running at {@code at} (the newest started by then), counted up to {@code at}; null when none. */
    public Soak soak(String component, Instant at, long intervalSeconds) {
        SoakRow current = null;
        for (SoakRow r : soaks.getOrDefault(component, List.of())) {
            if (!r.startedAt().isAfter(at)) {
                current = r;
            }
        }
        if (current == null) {
            return null;
        }
        long[] sum = buckets.getOrDefault(component, Buckets.EMPTY)
                .sum(Math.floorDiv(current.startedAt().getEpochSecond(), 60), Math.floorDiv(at.getEpochSecond(), 60));
        long wall = Math.max(0, at.getEpochSecond() - current.startedAt().getEpochSecond());
        return new Soak(component, current.version(), current.stage(), current.startedAt(), wall, sum[0], sum[1],
                intervalSeconds);
    }

    /** The stage recorded last at or before {@code at} (stage changes and deployment records); null when none. */
    public Stage stage(String component, Instant at) {
        Stage out = null;
        for (HistoryEvent e : history.getOrDefault(component, List.of())) {
            if (!e.at().isAfter(at) && !e.kind().equals("version")) {
                out = e.stage();
            }
        }
        if (out == null) {
            Soak s = soak(component, at, 0);
            return s == null ? null : s.stage();
        }
        return out;
    }

    /** The version seen or recorded last at or before {@code at}; null when none. */
    public String version(String component, Instant at) {
        String out = null;
        for (HistoryEvent e : history.getOrDefault(component, List.of())) {
            if (!e.at().isAfter(at) && e.version() != null && !e.kind().equals("stage")) {
                out = e.version();
            }
        }
        if (out == null) {
            Soak s = soak(component, at, 0);
            return s == null ? null : s.version();
        }
        return out;
    }

    /** The newest evidence of each (component, version, kind) received at or before {@code at}. */
    public List<Evidence> evidence(Instant at) {
        Map<String, Evidence> latest = new HashMap<>();
        for (Evidence e : evidence) {
            if (!e.receivedAt().isAfter(at)) {
                latest.merge(e.component() + "\u0000" + e.kind() + "\u0000" + e.version(), e,
                        (a, b) -> b.receivedAt().isBefore(a.receivedAt()) ? a : b);
            }
        }
        return List.copyOf(latest.values());
    }

    /** One component's minute buckets, sorted, with running sums for O(log n) range sums. */
    private static final class Buckets {
        static final Buckets EMPTY = new Buckets(List.of());
        final long[] minutes;
        final long[] cumUp;
        final long[] cumDown;

        Buckets(List<long[]> rows) {
            List<long[]> sorted = new ArrayList<>(rows);
            sorted.sort((a, b) -> Long.compare(a[0], b[0]));
            minutes = new long[sorted.size()];
            cumUp = new long[sorted.size() + 1];
            cumDown = new long[sorted.size() + 1];
            for (int i = 0; i < sorted.size(); i++) {
                minutes[i] = sorted.get(i)[0];
                cumUp[i + 1] = cumUp[i] + sorted.get(i)[1];
                cumDown[i + 1] = cumDown[i] + sorted.get(i)[2];
            }
        }

        long up(int i) {
            return cumUp[i + 1] - cumUp[i];
        }

        long down(int i) {
            return cumDown[i + 1] - cumDown[i];
        }

        /** {up, down, last minute with data} over minutes [from, to]. */
        long[] sum(long from, long to) {
            int a = lowerBound(from);
            int b = lowerBound(to + 1);
            long last = b > a ? minutes[b - 1] : -1;
            return new long[] {cumUp[b] - cumUp[a], cumDown[b] - cumDown[a], last};
        }

        private int lowerBound(long minute) {
            int i = Arrays.binarySearch(minutes, minute);
            return i >= 0 ? i : -i - 1;
        }
    }
}
