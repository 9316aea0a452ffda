package dev.promotiond.store;

import dev.promotiond.facts.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLite file in WAL mode. Writes are coalesced in memory and committed by {@link #flush()} in one
 * transaction (the daemon flushes every second), so a probe costs a map update, not a disk sync;
 * after {@code kill -9} at most the writes since the last flush are lost.
 *
 * <p>Thread-safe: one connection, guarded by this object's monitor.
 */
public final class SqliteStore implements AutoCloseable {
    /** Version of the schema below; stored in {@code PRAGMA user_version}. */
    static final int SCHEMA_VERSION = 3;

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS probe_buckets (component TEXT NOT NULL, minute INTEGER NOT NULL,"
                + " up INTEGER NOT NULL, down INTEGER NOT NULL, PRIMARY KEY (component, minute)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS soaks (component TEXT NOT NULL, stage TEXT NOT NULL, version TEXT,"
                + " started_at INTEGER NOT NULL, up INTEGER NOT NULL, down INTEGER NOT NULL, last_at INTEGER NOT NULL,"
                + " PRIMARY KEY (component, started_at)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS last_probe (component TEXT PRIMARY KEY, at INTEGER NOT NULL, up INTEGER NOT NULL,"
                + " reason TEXT NOT NULL, version TEXT)",
        "CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, component TEXT NOT NULL,"
                + " at INTEGER NOT NULL, kind TEXT NOT NULL, stage TEXT NOT NULL, version TEXT)",
        "CREATE INDEX IF NOT EXISTS history_by_component ON history (component, at)",
        // version 2: actions
        "CREATE TABLE IF NOT EXISTS action_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
                + " kind TEXT NOT NULL, component TEXT NOT NULL, name TEXT NOT NULL, outcome TEXT NOT NULL,"
                + " detail TEXT NOT NULL, duration_ms INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS action_log_by_component ON action_log (component, id)",
        "CREATE TABLE IF NOT EXISTS active_alerts (fingerprint TEXT PRIMARY KEY, alertname TEXT NOT NULL,"
                + " component TEXT NOT NULL, payload TEXT NOT NULL, starts_at INTEGER NOT NULL,"
                + " last_sent_at INTEGER NOT NULL, delivered INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS rollbacks (component TEXT NOT NULL, version TEXT NOT NULL, at INTEGER NOT NULL,"
                + " outcome TEXT NOT NULL, PRIMARY KEY (component, version)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS holds (component TEXT NOT NULL, version TEXT NOT NULL, since INTEGER NOT NULL,"
                + " reason TEXT NOT NULL, PRIMARY KEY (component, version)) WITHOUT ROWID",
        // version 3: CI evidence (deployment records live in history with kinds promotion, demotion, rollback, deployment)
        "CREATE TABLE IF NOT EXISTS evidence (id INTEGER PRIMARY KEY AUTOINCREMENT, component TEXT NOT NULL,"
                + " version TEXT NOT NULL, commit_id TEXT, kind TEXT NOT NULL, tool TEXT NOT NULL,"
                + " received_at INTEGER NOT NULL, sha256 TEXT NOT NULL, vals TEXT NOT NULL, files TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS evidence_by_component ON evidence (component, kind, id)",
    };

    private final Path file;
    private final Connection connection;
    private final Map<BucketKey, long[]> pendingBuckets = new HashMap<>();
    private final Map<SoakKey, SoakRow> pendingSoaks = new LinkedHashMap<>();
    private final Map<String, LastProbe> pendingLast = new HashMap<>();
    private final List<HistoryEvent> pendingHistory = new ArrayList<>();

    private SqliteStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the store file and brings its schema up to date. */
    public static SqliteStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                int version;
                try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > SCHEMA_VERSION) {
                    c.close();
                    throw new StoreException("store " + file + " has schema version " + version
                            + ", newer than this promotiond understands (" + SCHEMA_VERSION + ")", null);
                }
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
                s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return new SqliteStore(file, c);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open store " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The connection, for the store's other tables' classes; callers hold this object's monitor. */
    Connection connection() {
        return connection;
    }

    // ---- writes (coalesced until flush) ----

    synchronized void addProbe(String component, long minute, boolean up) {
        long[] counts = pendingBuckets.computeIfAbsent(new BucketKey(component, minute), k -> new long[2]);
        counts[up ? 0 : 1]++;
    }

    synchronized void putSoak(SoakRow soak) {
        pendingSoaks.put(new SoakKey(soak.component(), soak.startedAt().toEpochMilli()), soak);
    }

    /** Makes {@code soak} the component's current soak: later-started soak rows are deleted. Committed at once. */
    synchronized void resetSoak(SoakRow soak) {
        flush();
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM soaks WHERE component = ? AND started_at > ?")) {
            ps.setString(1, soak.component());
            ps.setLong(2, soak.startedAt().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write store " + file + ": " + e.getMessage(), e);
        }
        putSoak(soak);
        flush();
    }

    synchronized void putLastProbe(String component, Instant at, boolean up, String reason, String version) {
        pendingLast.put(component, new LastProbe(at, up, reason, version));
    }

    synchronized void addHistory(HistoryEvent event) {
        pendingHistory.add(event);
    }

    /** Bulk-loads minute buckets (used to seed synthetic history); committed at once. */
    public synchronized void seedBuckets(String component, Map<Long, long[]> minuteToUpDown) {
        minuteToUpDown.forEach((minute, counts) -> {
            long[] c = pendingBuckets.computeIfAbsent(new BucketKey(component, minute), k -> new long[2]);
            c[0] += counts[0];
            c[1] += counts[1];
        });
        flush();
    }

    /** Writes a soak row directly (used to seed synthetic history); committed at once. */
    public synchronized void seedSoak(String component, Stage stage, String version, Instant startedAt, long up,
                                      long down, Instant lastAt) {
        putSoak(new SoakRow(component, stage, version, startedAt, up, down, lastAt));
        flush();
    }

    /** Commits everything written since the last flush in one transaction. */
    public synchronized void flush() {
        if (pendingBuckets.isEmpty() && pendingSoaks.isEmpty() && pendingLast.isEmpty() && pendingHistory.isEmpty()) {
            return;
        }
        try {
            connection.setAutoCommit(false);
            try {
                flushBuckets();
                flushSoaks();
                flushLast();
                flushHistory();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            pendingBuckets.clear();
            pendingSoaks.clear();
            pendingLast.clear();
            pendingHistory.clear();
        } catch (SQLException e) {
            throw new StoreException("cannot write store " + file + ": " + e.getMessage(), e);
        }
    }

    private void flushBuckets() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO probe_buckets VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (component, minute) DO UPDATE SET up = up + excluded.up, down = down + excluded.down")) {
            for (Map.Entry<BucketKey, long[]> e : pendingBuckets.entrySet()) {
                ps.setString(1, e.getKey().component());
                ps.setLong(2, e.getKey().minute());
                ps.setLong(3, e.getValue()[0]);
                ps.setLong(4, e.getValue()[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void flushSoaks() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT OR REPLACE INTO soaks VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (SoakRow s : pendingSoaks.values()) {
                ps.setString(1, s.component());
                ps.setString(2, s.stage().title());
                ps.setString(3, s.version());
                ps.setLong(4, s.startedAt().toEpochMilli());
                ps.setLong(5, s.up());
                ps.setLong(6, s.down());
                ps.setLong(7, s.lastAt().toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void flushLast() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT OR REPLACE INTO last_probe VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, LastProbe> e : pendingLast.entrySet()) {
                LastProbe p = e.getValue();
                ps.setString(1, e.getKey());
                ps.setLong(2, p.at().toEpochMilli());
                ps.setInt(3, p.up() ? 1 : 0);
                ps.setString(4, p.reason());
                ps.setString(5, p.version());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void flushHistory() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO history (component, at, kind, stage, version) VALUES (?, ?, ?, ?, ?)")) {
            for (HistoryEvent h : pendingHistory) {
                ps.setString(1, h.component());
                ps.setLong(2, h.at().toEpochMilli());
                ps.setString(3, h.kind());
                ps.setString(4, h.stage().title());
                ps.setString(5, h.version());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes probe buckets and closed soaks older than {@code before}. History is kept. */
    public synchronized int prune(Instant before) {
        flush();
        try (PreparedStatement buckets = connection.prepareStatement("DELETE FROM probe_buckets WHERE minute < ?");
             PreparedStatement soaks = connection.prepareStatement("DELETE FROM soaks WHERE last_at < ?"
                     + " AND started_at < (SELECT MAX(started_at) FROM soaks s2 WHERE s2.component = soaks.component)")) {
            buckets.setLong(1, Math.floorDiv(before.getEpochSecond(), 60));
            int n = buckets.executeUpdate();
            soaks.setLong(1, before.toEpochMilli());
            return n + soaks.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot prune store " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- reads ----

    /** Calls {@code sink} for every bucket with minute ≥ {@code fromMinute}, in minute order. */
    synchronized void readBuckets(long fromMinute, BucketSink sink) {
        flush();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT component, minute, up, down FROM probe_buckets WHERE minute >= ? ORDER BY minute")) {
            ps.setLong(1, fromMinute);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getInt(4));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The newest soak of each component. */
    synchronized Map<String, SoakRow> readCurrentSoaks() {
        flush();
        Map<String, SoakRow> out = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT component, stage, version, started_at, up, down, last_at FROM soaks"
                     + " WHERE started_at = (SELECT MAX(started_at) FROM soaks s2 WHERE s2.component = soaks.component)")) {
            while (rs.next()) {
                Stage stage = Stage.parse(rs.getString(2)).orElse(Stage.DEVELOPMENT);
                out.put(rs.getString(1), new SoakRow(rs.getString(1), stage, rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5), rs.getLong(6), Instant.ofEpochMilli(rs.getLong(7))));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The last probe outcome of each component: at, up, reason, version. */
    synchronized Map<String, LastProbe> readLastProbes() {
        flush();
        Map<String, LastProbe> out = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT component, at, up, reason, version FROM last_probe")) {
            while (rs.next()) {
                out.put(rs.getString(1), new LastProbe(Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3) == 1,
                        rs.getString(4), rs.getString(5)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The stage each component was last recorded in (from the history). */
    synchronized Map<String, Stage> readLatestStages() {
        flush();
        Map<String, Stage> out = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT component, stage FROM history WHERE kind = 'stage' ORDER BY at, id")) {
            while (rs.next()) {
                String component = rs.getString(1);
                Stage.parse(rs.getString(2)).ifPresent(stage -> out.put(component, stage));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A component's stage and version history, oldest first. */
    public synchronized List<HistoryEvent> history(String component) {
        flush();
        List<HistoryEvent> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT at, kind, stage, version FROM history WHERE component = ? ORDER BY at, id")) {
            ps.setString(1, component);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEvent(component, Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2),
                            Stage.parse(rs.getString(3)).orElse(Stage.DEVELOPMENT), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            flush();
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new StoreException("cannot close store " + file + ": " + e.getMessage(), e);
            }
        }
    }

    interface BucketSink {
        void accept(String component, long minute, int up, int down);
    }

    record LastProbe(Instant at, boolean up, String reason, String version) {
    }

    private record BucketKey(String component, long minute) {
    }

    private record SoakKey(String component, long startedAtMillis) {
    }
}
