package dev.promotiond.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * The leader's published decisions, which every replica's API serves: one row per component
 * ({@code decisions}: its rendered status and the publication that last changed it) and one row
 * for the evaluation as a whole ({@code publications}). The bodies are opaque text here; the app
 * encodes them. A publication is written in one transaction, only while its writer holds the
 * lease at the epoch it names, so a deposed leader cannot overwrite its successor's decisions.
 */
public final class Decisions {
    private static final String NAME = "decisions";
    /** Rows per batch: about 1.4 MB of bodies at ~7 KB each. */
    private static final int BATCH = 200;
    private final Database database;
    private Connection connection;

    /**
     * On a connection of its own: a publication writes every component's status (megabytes at
     * 10,000 components), and must not hold up the probes' writes, which share the store's.
     */
    public Decisions(Database database) {
        this.database = database;
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = database.connect();
            if (database.dialect() == Database.Dialect.SQLITE) {
                try (var s = connection.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 5000");
                }
            }
        }
        return connection;
    }

    /** Closes its connection. */
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }

    /** One publication as read back: its header, and how many component bodies changed since the caller's last one. */
    public record Publication(long seq, long publishedAtMillis, String holder, long epoch, int components, String header,
                              int changed) {
    }

    /**
     * Publishes {@code changed} (component → body) and the header as the next publication, when
     * {@code fence} still holds the lease (or is null: unfenced); returns its sequence number, or -1
     * when the fence failed. Components no longer in {@code components} are not deleted here: the
     * reader keeps only those the header lists.
     */
    public long publish(ActionStore.Fence fence, long publishedAtMillis, int components, String header,
                        Iterable<Map.Entry<String, String>> changed) {
        synchronized (this) {
            try {
                return Store.inTransaction(connection(), c -> {
                    if (fence != null && !holds(c, fence)) {
                        return -1L;
                    }
                    long seq = 1;
                    try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM publications WHERE name = ?")) {
                        ps.setString(1, NAME);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                seq = rs.getLong(1) + 1;
                            }
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO decisions (component, seq, body) VALUES (?, ?, ?)"
                            + " ON CONFLICT (component) DO UPDATE SET seq = excluded.seq, body = excluded.body")) {
                        int n = 0;
                        for (Map.Entry<String, String> e : changed) { // produced one by one: never all bodies at once
                            ps.setString(1, e.getKey());
                            ps.setLong(2, seq);
                            ps.setString(3, e.getValue());
                            ps.addBatch();
                            if (++n % BATCH == 0) {
                                ps.executeBatch();
                            }
                        }
                        ps.executeBatch();
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO publications (name, seq, published_at, holder,"
                            + " epoch, components, body) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                            + " seq = excluded.seq, published_at = excluded.published_at, holder = excluded.holder,"
                            + " epoch = excluded.epoch, components = excluded.components, body = excluded.body")) {
                        ps.setString(1, NAME);
                        ps.setLong(2, seq);
                        ps.setLong(3, publishedAtMillis);
                        ps.setString(4, fence == null ? "unfenced" : fence.holder());
                        ps.setLong(5, fence == null ? 0 : fence.epoch());
                        ps.setInt(6, components);
                        ps.setString(7, header);
                        ps.executeUpdate();
                    }
                    return seq;
                });
            } catch (SQLException e) {
                throw new StoreException("cannot publish decisions to store " + database + ": " + e.getMessage(), e);
            }
        }
    }

    private static final String RELOAD = "rules-reload";

    /**
     * Records that someone asked a replica to reload the rules, so the leader reloads too (its
     * folder watcher may miss what a mounted volume does); returns the request's number.
     */
    public long requestReload(String replica, long atMillis) {
        synchronized (this) {
            try {
                return Store.inTransaction(connection(), c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO publications (name, seq, published_at,"
                            + " holder, epoch, components, body) VALUES (?, 1, ?, ?, 0, 0, '') ON CONFLICT (name) DO UPDATE"
                            + " SET seq = publications.seq + 1, published_at = excluded.published_at, holder = excluded.holder"
                            + " RETURNING seq")) {
                        ps.setString(1, RELOAD);
                        ps.setLong(2, atMillis);
                        ps.setString(3, replica);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }
                });
            } catch (SQLException e) {
                throw new StoreException("cannot record a reload request in store " + database + ": " + e.getMessage(), e);
            }
        }
    }

    /** How many reloads were requested so far (the number of the newest request); 0 when none. */
    public long reloadRequests() {
        synchronized (this) {
            try (PreparedStatement ps = connection().prepareStatement("SELECT seq FROM publications WHERE name = ?")) {
                ps.setString(1, RELOAD);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read decisions from store " + database + ": " + e.getMessage(), e);
            }
        }
    }

    /** When the newest publication's evaluation was made, in epoch milliseconds; 0 when none. */
    public long lastPublishedAtMillis() {
        synchronized (this) {
            try (PreparedStatement ps = connection().prepareStatement(
                    "SELECT published_at FROM publications WHERE name = ?")) {
                ps.setString(1, NAME);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read decisions from store " + database + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The newest publication's header, handing {@code each} (component, body) every body changed
     * after {@code sinceSeq} (0 for all) as it is read; null when nothing was published yet, or when
     * the newest is {@code sinceSeq} itself.
     */
    public Publication readSince(long sinceSeq, java.util.function.BiConsumer<String, String> each) {
        synchronized (this) {
            try {
                // header and rows from one snapshot (PostgreSQL: one transaction)
                return Store.inTransaction(connection(), c -> {
                    long since = sinceSeq;
                    Publication head;
                    try (PreparedStatement ps = c.prepareStatement("SELECT seq, published_at, holder, epoch, components, body"
                            + " FROM publications WHERE name = ?")) {
                        ps.setString(1, NAME);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (!rs.next() || rs.getLong(1) == since) {
                                return null;
                            }
                            head = new Publication(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                                    rs.getInt(5), rs.getString(6), 0);
                        }
                    }
                    if (head.seq() < since) {
                        since = 0; // the store was replaced or reset: read everything
                    }
                    try (PreparedStatement ps = c.prepareStatement("SELECT component, body FROM decisions WHERE seq > ?")) {
                        ps.setLong(1, since);
                        ps.setFetchSize(BATCH); // PostgreSQL streams within the transaction: never all bodies at once
                        int n = 0;
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                each.accept(rs.getString(1), rs.getString(2));
                                n++;
                            }
                        }
                        head = new Publication(head.seq(), head.publishedAtMillis(), head.holder(), head.epoch(),
                                head.components(), head.header(), n);
                    }
                    return head;
                });
            } catch (SQLException e) {
                throw new StoreException("cannot read decisions from store " + database + ": " + e.getMessage(), e);
            }
        }
    }

    private boolean holds(Connection c, ActionStore.Fence fence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 WHERE " + Coordination.holdsLease(database))) {
            Coordination.bindLease(ps, 1, fence);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
