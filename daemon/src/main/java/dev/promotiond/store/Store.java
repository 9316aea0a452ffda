package dev.promotiond.store;

import dev.promotiond.facts.Stage;
import java.nio.file.Path;
import java.sql.Connection;
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
 * The store: an SQLite file in WAL mode (one process), or a PostgreSQL database shared by replicas;
 * the same SQL runs on both. Writes are coalesced in memory and committed by {@link #flush()} in one
 * transaction (the daemon flushes every second), so a probe costs a map update, not a disk sync;
 * after {@code kill -9} at most the writes since the last flush are lost.
 *
 * <p>Thread-safe: one connection, guarded by this object's monitor.
 */
public final class Store implements AutoCloseable {
    /**
     * The newest schema version this promotiond knows: the Flyway scripts in
     * {@code db/migration/<dialect>} (SQLite files before version 5 carry their version in
     * {@code PRAGMA user_version} and have no Flyway history: they are baselined at that version).
     */
    static final int SCHEMA_VERSION = 5;

    private final Database database;
    private Connection connection;
    private final Map<SoakKey, RunRow> pendingRuns = new LinkedHashMap<>();
    private final Map<String, OpenRun> pendingOpen = new HashMap<>();
    private final Map<SoakKey, SoakRow> pendingSoaks = new LinkedHashMap<>();
    private final Map<String, LastProbe> pendingLast = new HashMap<>();
    private final List<HistoryEvent> pendingHistory = new ArrayList<>();

    private String migration;

    /** What opening this store converted, for the log; null when nothing was. */
    public String migration() {
        return migration;
    }

    private Store(Database database, Connection connection) {
        this.database = database;
        this.connection = connection;
    }

    /** Opens (creating if needed) an SQLite store file and brings its schema up to date. */
    public static Store open(Path file) {
        return open(Database.sqlite(file));
    }

    /**
     * Opens the store and brings its schema up to date with Flyway (replicas that start together
     * take turns: Flyway locks the schema history while it migrates).
     */
    public static Store open(Database database) {
        try {
            Migrations.Result result = Migrations.migrate(database);
            Connection c = database.connect();
            try {
                if (database.dialect() == Database.Dialect.SQLITE) {
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA busy_timeout = 5000");
                        s.execute("PRAGMA journal_mode = WAL");
                        s.execute("PRAGMA synchronous = NORMAL");
                        if (result.buckets() > 0) {
                            s.execute("VACUUM"); // the dropped buckets' pages go back to the file system (2.5 GB → 25 MB at 10k)
                            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                        }
                    }
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            Store store = new Store(database, c);
            store.migration = result.describe();
            return store;
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open store " + database + ": " + e.getMessage(), e);
        }
    }

    public Database database() {
        return database;
    }

    /** The SQLite file; null for a PostgreSQL store. */
    public Path file() {
        return database.file();
    }

    /**
     * The connection, for the store's other tables' classes; callers hold this object's monitor. A
     * connection the database dropped (a restart, a network failure) is replaced here, so the store
     * recovers by itself once the database is back; until then each use fails with a StoreException.
     */
    Connection connection() {
        try {
            if (connection.isClosed()) {
                connection = database.connect();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot reach store " + database + ": " + e.getMessage(), e);
        }
        return connection;
    }

    // ---- writes (coalesced until flush) ----

    /** Queues a finished run (it will not change again); written to {@code probe_runs} at the next flush. */
    synchronized void putRun(RunRow run) {
        pendingRuns.put(new SoakKey(run.component(), run.fromMillis()), run);
    }

    /**
     * Queues the component's open run and its last probe's reason; it replaces the component's
     * previous open run at the next flush (which is then in {@code probe_runs} if it ended).
     */
    synchronized void putOpenRun(RunRow run, String reason) {
        pendingOpen.put(run.component(), new OpenRun(run, reason));
    }

    synchronized void putSoak(SoakRow soak) {
        pendingSoaks.put(new SoakKey(soak.component(), soak.startedAt().toEpochMilli()), soak);
    }

    /** Makes {@code soak} the component's current soak: later-started soak rows are deleted. Committed at once. */
    synchronized void resetSoak(SoakRow soak) {
        flush();
        try (PreparedStatement ps = connection().prepareStatement("DELETE FROM soaks WHERE component = ? AND started_at > ?")) {
            ps.setString(1, soak.component());
            ps.setLong(2, soak.startedAt().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write store " + database + ": " + e.getMessage(), e);
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

    /**
     * Bulk-loads probe counts given per minute (used to seed synthetic history), as runs the way a
     * migrated store holds them; committed at once. The component's runs must not overlap these minutes.
     */
    public synchronized void seedBuckets(String component, Stage stage, String version, Map<Long, long[]> minuteToUpDown) {
        RunMigration.Runs runs = new RunMigration.Runs(component, stage, version, this::putRun);
        new java.util.TreeMap<>(minuteToUpDown).forEach((minute, counts) ->
                runs.minute(minute, (int) counts[0], (int) counts[1]));
        runs.finish();
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
        if (pendingRuns.isEmpty() && pendingOpen.isEmpty() && pendingSoaks.isEmpty() && pendingLast.isEmpty() && pendingHistory.isEmpty()) {
            return;
        }
        try {
            write();
        } catch (RuntimeException e) {
            bound();
            throw e;
        }
    }

    /**
     * While the database cannot take writes, they wait in memory (each component's open run and
     * soak take one entry however long the outage; finished runs and history one each). Beyond
     * {@link #MAX_PENDING} finished runs or history events the oldest are dropped: their probes
     * become a gap in the ledger (coverage, never DOWN), counted in {@link #droppedProbes()}.
     */
    private void bound() {
        var runs = pendingRuns.values().iterator();
        while (pendingRuns.size() > MAX_PENDING && runs.hasNext()) {
            droppedProbes += runs.next().probes();
            runs.remove();
        }
        while (pendingHistory.size() > MAX_PENDING) {
            pendingHistory.remove(0);
            droppedHistory++;
        }
    }

    /** How many finished runs or history events may wait in memory for the database; about 100 bytes each. */
    static final int MAX_PENDING = 100_000;
    private long droppedProbes;
    private long droppedHistory;

    /** Probes dropped from memory because the database could not take them for too long (a gap in the ledger). */
    public synchronized long droppedProbes() {
        return droppedProbes;
    }

    /** Writes waiting in memory for the next successful flush. */
    public synchronized int pendingWrites() {
        return pendingRuns.size() + pendingOpen.size() + pendingSoaks.size() + pendingLast.size() + pendingHistory.size();
    }

    /** Work on the store's connection inside one transaction. */
    interface Transaction<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns and rolled back when it
     * throws; callers hold this object's monitor.
     */
    <T> T inTransaction(Transaction<T> work) throws SQLException {
        return inTransaction(connection(), work);
    }

    /** Runs {@code work} in one transaction on {@code c}, committed when it returns and rolled back when it throws. */
    static <T> T inTransaction(Connection c, Transaction<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // a dropped connection: replaced at its next use
            }
        }
    }

    private void write() {
        try {
            inTransaction(c -> {
                flushRuns();
                flushSoaks();
                flushLast();
                flushHistory();
                return null;
            });
            pendingRuns.clear();
            pendingOpen.clear();
            pendingSoaks.clear();
            pendingLast.clear();
            pendingHistory.clear();
        } catch (SQLException e) {
            throw new StoreException("cannot write store " + database + ": " + e.getMessage(), e);
        }
    }

    private void flushRuns() throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement(RUN_UPSERT)) {
            for (RunRow r : pendingRuns.values()) {
                bindRun(ps, r);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = connection().prepareStatement("INSERT INTO open_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (component) DO UPDATE SET"
                + " started_at = excluded.started_at, ended_at = excluded.ended_at, up = excluded.up,"
                + " probes = excluded.probes, version = excluded.version, stage = excluded.stage, reason = excluded.reason"
                // a replica that lost the lease while a flush was pending never overwrites its successor's newer run
                + " WHERE open_runs.ended_at <= excluded.ended_at")) {
            for (OpenRun o : pendingOpen.values()) {
                bindRun(ps, o.run());
                ps.setString(8, o.reason());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Writes a finished run; a run is keyed by its component and start. */
    static final String RUN_UPSERT = "INSERT INTO probe_runs VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (component, started_at)"
            + " DO UPDATE SET ended_at = excluded.ended_at, up = excluded.up, probes = excluded.probes,"
            + " version = excluded.version, stage = excluded.stage";

    static void bindRun(PreparedStatement ps, RunRow r) throws SQLException {
        ps.setString(1, r.component());
        ps.setLong(2, r.fromMillis());
        ps.setLong(3, r.toMillis());
        ps.setInt(4, r.up() ? 1 : 0);
        ps.setInt(5, r.probes());
        ps.setString(6, r.version());
        ps.setString(7, r.stage().title());
    }

    private void flushSoaks() throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("INSERT INTO soaks VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (component, started_at) DO UPDATE SET stage = excluded.stage, version = excluded.version,"
                + " up = excluded.up, down = excluded.down, last_at = excluded.last_at WHERE soaks.last_at <= excluded.last_at")) {
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
        try (PreparedStatement ps = connection().prepareStatement("INSERT INTO last_probe VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (component) DO UPDATE SET at = excluded.at, up = excluded.up, reason = excluded.reason,"
                + " version = excluded.version")) {
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
        try (PreparedStatement ps = connection().prepareStatement(
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

    /** Deletes runs that ended and closed soaks older than {@code before}, in O(rows deleted). History is kept. */
    public synchronized int prune(Instant before) {
        flush();
        try (PreparedStatement buckets = connection().prepareStatement("DELETE FROM probe_runs WHERE ended_at < ?");
             PreparedStatement soaks = connection().prepareStatement("DELETE FROM soaks WHERE last_at < ?"
                     + " AND started_at < (SELECT MAX(started_at) FROM soaks s2 WHERE s2.component = soaks.component)")) {
            buckets.setLong(1, before.toEpochMilli());
            int n = buckets.executeUpdate();
            try (PreparedStatement open = connection().prepareStatement("DELETE FROM open_runs WHERE ended_at < ?")) {
                open.setLong(1, before.toEpochMilli());
                n += open.executeUpdate();
            }
            soaks.setLong(1, before.toEpochMilli());
            return n + soaks.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot prune store " + database + ": " + e.getMessage(), e);
        }
    }

    // ---- reads ----

    /**
     * Calls {@code sink} for every run that ended at or after {@code fromMillis}, by component and
     * start (the primary key's order: one scan, no sort). Only counts and times: the stage and version
     * of a component's newest run come from {@link #readNewestRuns()}.
     */
    synchronized void readRuns(long fromMillis, RunSink sink) {
        scanRuns(fromMillis, "", rs -> sink.accept(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4) == 1,
                rs.getInt(5)));
    }

    /** Every run that ended at or after {@code fromMillis}, with its stage and version. */
    synchronized void readRuns(long fromMillis, java.util.function.Consumer<RunRow> sink) {
        scanRuns(fromMillis, ", version, stage", rs -> sink.accept(run(rs)));
    }

    /** Finished runs, then open runs (so a component's open run follows all its finished ones), each in key order. */
    private void scanRuns(long fromMillis, String moreColumns, RowReader each) {
        flush();
        for (String table : new String[] {"probe_runs", "open_runs"}) {
            try (PreparedStatement ps = connection().prepareStatement("SELECT component, started_at, ended_at, up, probes"
                    + moreColumns + " FROM " + table + " WHERE ended_at >= ? ORDER BY component, started_at")) {
                ps.setLong(1, fromMillis);
                ps.setFetchSize(4096);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.read(rs);
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read store " + database + ": " + e.getMessage(), e);
            }
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * The newest run of each component (the one a probe after a restart may continue): its open run,
     * else (a store migrated from minute buckets or seeded) its newest finished run.
     */
    synchronized Map<String, RunRow> readNewestRuns() {
        flush();
        Map<String, RunRow> out = new HashMap<>();
        for (String sql : new String[] {"SELECT component, started_at, ended_at, up, probes, version, stage FROM open_runs",
            "SELECT component, started_at, ended_at, up, probes, version, stage FROM probe_runs p"
                    + " WHERE started_at = (SELECT MAX(started_at) FROM probe_runs q WHERE q.component = p.component)"}) {
            try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    RunRow row = run(rs);
                    out.putIfAbsent(row.component(), row);
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read store " + database + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static RunRow run(ResultSet rs) throws SQLException {
        return new RunRow(rs.getString(1), Stage.parse(rs.getString(7)).orElse(Stage.DEVELOPMENT), rs.getString(6),
                rs.getInt(4) == 1, rs.getLong(2), rs.getLong(3), rs.getInt(5));
    }

    interface RunSink {
        void accept(String component, long fromMillis, long toMillis, boolean up, int probes);
    }

    /** What replicas wrote that ends at or after a time: finished runs by component and start, open runs, soaks. */
    record Changes(List<RunRow> finished, Map<String, OpenRun> open, Map<String, SoakRow> soaks) {
    }

    /**
     * The finished runs, open runs and soaks whose end is at or after {@code fromMillis}, for
     * components {@code wanted} accepts: one query per table, for all of them (the end columns'
     * indexes or a scan of the open runs and soaks, which hold a few rows per component). Of several
     * soaks of a component the latest-started is kept.
     */
    synchronized Changes readChangedSince(long fromMillis, java.util.function.Predicate<String> wanted) {
        flush();
        List<RunRow> finished = new ArrayList<>();
        Map<String, OpenRun> open = new HashMap<>();
        Map<String, SoakRow> soaks = new HashMap<>();
        try {
            try (PreparedStatement ps = connection().prepareStatement("SELECT component, started_at, ended_at, up, probes,"
                    + " version, stage FROM probe_runs WHERE ended_at >= ? ORDER BY component, started_at")) {
                ps.setLong(1, fromMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (wanted.test(rs.getString(1))) {
                            finished.add(run(rs));
                        }
                    }
                }
            }
            try (PreparedStatement ps = connection().prepareStatement("SELECT component, started_at, ended_at, up, probes,"
                    + " version, stage, reason FROM open_runs WHERE ended_at >= ?")) {
                ps.setLong(1, fromMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (wanted.test(rs.getString(1))) {
                            open.put(rs.getString(1), new OpenRun(run(rs), rs.getString(8)));
                        }
                    }
                }
            }
            try (PreparedStatement ps = connection().prepareStatement("SELECT component, stage, version, started_at, up,"
                    + " down, last_at FROM soaks WHERE last_at >= ?")) {
                ps.setLong(1, fromMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (wanted.test(rs.getString(1))) {
                            SoakRow row = new SoakRow(rs.getString(1), Stage.parse(rs.getString(2)).orElse(Stage.DEVELOPMENT),
                                    rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5), rs.getLong(6),
                                    Instant.ofEpochMilli(rs.getLong(7)));
                            soaks.merge(row.component(), row,
                                    (a, b) -> a.startedAt().isAfter(b.startedAt()) ? a : b);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + database + ": " + e.getMessage(), e);
        }
        return new Changes(finished, open, soaks);
    }

    /** The newest soak of each component. */
    synchronized Map<String, SoakRow> readCurrentSoaks() {
        flush();
        Map<String, SoakRow> out = new HashMap<>();
        try (Statement s = connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT component, stage, version, started_at, up, down, last_at FROM soaks"
                     + " WHERE started_at = (SELECT MAX(started_at) FROM soaks s2 WHERE s2.component = soaks.component)")) {
            while (rs.next()) {
                Stage stage = Stage.parse(rs.getString(2)).orElse(Stage.DEVELOPMENT);
                out.put(rs.getString(1), new SoakRow(rs.getString(1), stage, rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5), rs.getLong(6), Instant.ofEpochMilli(rs.getLong(7))));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + database + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The last probe outcome of each component: at, up, reason, version; from its open run, else
     * from {@code last_probe} (written by versions before the open runs, and by seeding).
     */
    synchronized Map<String, LastProbe> readLastProbes() {
        flush();
        Map<String, LastProbe> out = new HashMap<>();
        for (String sql : new String[] {"SELECT component, ended_at, up, reason, version FROM open_runs",
            "SELECT component, at, up, reason, version FROM last_probe"}) {
            try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.putIfAbsent(rs.getString(1), new LastProbe(Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3) == 1,
                            rs.getString(4), rs.getString(5)));
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read store " + database + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The stage each component was last recorded in (from the history). */
    synchronized Map<String, Stage> readLatestStages() {
        flush();
        Map<String, Stage> out = new HashMap<>();
        try (Statement s = connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT component, stage FROM history WHERE kind = 'stage' ORDER BY at, id")) {
            while (rs.next()) {
                String component = rs.getString(1);
                Stage.parse(rs.getString(2)).ifPresent(stage -> out.put(component, stage));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + database + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A component's stage and version history, oldest first. */
    public synchronized List<HistoryEvent> history(String component) {
        flush();
        List<HistoryEvent> out = new ArrayList<>();
        try (PreparedStatement ps = connection().prepareStatement(
                "SELECT at, kind, stage, version FROM history WHERE component = ? ORDER BY at, id")) {
            ps.setString(1, component);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEvent(component, Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2),
                            Stage.parse(rs.getString(3)).orElse(Stage.DEVELOPMENT), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + database + ": " + e.getMessage(), e);
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
                throw new StoreException("cannot close store " + database + ": " + e.getMessage(), e);
            }
        }
    }

    record LastProbe(Instant at, boolean up, String reason, String version) {
    }

    record OpenRun(RunRow run, String reason) {
    }

    private record SoakKey(String component, long startedAtMillis) {
    }
}
