package dev.promotiond.store;

import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Uptime;
import dev.promotiond.facts.UptimeWindows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The store read back as of any past instant, for replaying history with other rules: uptime
 * windows and soaks from the probe runs (windows start on minute boundaries, as the ledger's do), stage
 * and version from the history, and the evidence that had been received by then. Read-only; loads
 * what it needs once.
 */
public final class StoreHistory {
    private final Map<String, ProbeRuns> runs = new HashMap<>();
    private final Map<String, Long> spacing = new HashMap<>();
    private final Map<String, List<SoakRow>> soaks = new HashMap<>();
    private final Map<String, List<HistoryEvent>> history = new HashMap<>();
    private final List<Evidence> evidence = new ArrayList<>();
    private final TreeSet<String> components = new TreeSet<>();
    private final UptimeWindows windows;
    private Instant newest;

    private StoreHistory(UptimeWindows windows) {
        this.windows = windows;
    }

    /** {@link #read(Store, java.time.Duration, UptimeWindows)} with the default windows (1h, 24h, 7d). */
    public static StoreHistory read(Store store, java.time.Duration back) {
        return read(store, back, UptimeWindows.DEFAULT);
    }

    /**
     * Loads everything needed to look at any instant in the last {@code back} before the newest probe
     * outcome in the store, reporting {@code windows} (which reach that much further back).
     */
    public static StoreHistory read(Store store, java.time.Duration back, UptimeWindows windows) {
        long newestMillis;
        synchronized (store) {
            store.flush();
            try (Statement s = store.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT MAX(e) FROM (SELECT MAX(ended_at) AS e FROM probe_runs UNION ALL SELECT MAX(ended_at) FROM open_runs) AS newest")) {
                newestMillis = rs.next() ? rs.getLong(1) : 0;
            } catch (SQLException e) {
                throw new StoreException("cannot read store " + store.database() + ": " + e.getMessage(), e);
            }
        }
        StoreHistory h = new StoreHistory(windows);
        long fromMillis = newestMillis - back.toMillis() - (windows.longestMinutes() + 1L) * 60_000L;
        store.readRuns(fromMillis, row -> {
            h.runs.computeIfAbsent(row.component(), k -> new ProbeRuns()).append(row.fromMillis(), row.toMillis(),
                    row.up() ? row.probes() : -row.probes());
            if (row.probes() > 1) {
                long each = Math.max(1, Math.round((row.toMillis() - row.fromMillis()) / 1000.0 / (row.probes() - 1)));
                h.spacing.merge(row.component(), each, Math::min);
            }
            Instant minuteEnd = Instant.ofEpochSecond((Math.floorDiv(row.toMillis(), 60_000L) + 1) * 60);
            if (h.newest == null || minuteEnd.isAfter(h.newest)) {
                h.newest = minuteEnd;
            }
        });
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
                throw new StoreException("cannot read store " + store.database() + ": " + e.getMessage(), e);
            }
        }
        h.evidence.addAll(new EvidenceStore(store).all());
        h.components.addAll(h.runs.keySet());
        h.components.addAll(h.soaks.keySet());
        h.components.addAll(h.history.keySet());
        return h;
    }

    /** Every component the store knows of. */
    public List<String> components() {
        return List.copyOf(components);
    }

    /** The end of the minute of the newest probe, or null when the store holds none. */
    public Instant newest() {
        return newest;
    }

    /**
     * The probe interval the component most likely had: the closest spacing of probes within one of
     * its runs, in whole seconds (at least 1); 0 when no run holds two probes.
     */
    public long inferredIntervalSeconds(String component) {
        return spacing.getOrDefault(component, 0L);
    }

    /** The windows it reports. */
    public UptimeWindows windows() {
        return windows;
    }

    /** The windows ending at {@code at}, as a ledger with the same windows would have shown them then. */
    public List<Uptime> uptimes(String component, Instant at, long intervalSeconds) {
        ProbeRuns r = runs.getOrDefault(component, EMPTY);
        List<Uptime> out = new ArrayList<>(windows.size());
        for (int w = 0; w < windows.size(); w++) {
            long[] sum = r.count(windows.startMillis(w, at), at.toEpochMilli());
            long span = windows.spanSeconds(w, at);
            long expected = intervalSeconds > 0 ? span / intervalSeconds : 0;
            Instant last = sum[0] + sum[1] == 0 ? null : Instant.ofEpochMilli(sum[2]);
            out.add(new Uptime(component, windows.name(w), windows.duration(w).toSeconds(), sum[0], sum[1], expected,
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
        long[] sum = runs.getOrDefault(component, EMPTY)
                .count(UptimeWindows.minuteOf(current.startedAt()) * 60_000L, at.toEpochMilli());
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

    private static final ProbeRuns EMPTY = new ProbeRuns();
}
