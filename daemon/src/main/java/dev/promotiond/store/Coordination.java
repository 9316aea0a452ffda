package dev.promotiond.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How replicas sharing one store agree, on a connection of its own (so a slow flush never delays a
 * lease renewal): the leader's lease and the heartbeats of live replicas. All times are the
 * database's clock, so replicas' clocks need not agree.
 *
 * <p>The lease is a row with an epoch rather than a session advisory lock: a lock lives as long
 * as its session, which on a dead host is until TCP gives up (hours by default); a lease expires
 * after its duration whatever happens to the holder, and its epoch is a fencing token that every
 * action checks in the transaction that records it ({@link ActionStore#claimRollback}).
 *
 * <p>Thread-safe: guarded by this object's monitor. Every method throws {@link StoreException}
 * when the database cannot be reached; the connection is replaced at the next call.
 */
public final class Coordination implements AutoCloseable {
    /** The one lease replicas compete for. */
    public static final String LEADER = "leader";

    private final Database database;
    private Connection connection;

    public Coordination(Database database) {
        this.database = database;
    }

    /** The lease as the database holds it now. */
    public record LeaseState(String holder, long epoch, long expiresInMillis) {
    }

    /**
     * A live replica as its last heartbeat described it; {@code ageMillis} is how long ago its first
     * heartbeat was, by the database's clock.
     */
    public record Member(String id, String address, String version, long startedAtMillis, long heartbeatAgeMillis,
                         long ageMillis) {
    }

    /**
     * Renews the lease when {@code holder} holds it at {@code epoch} and it has not expired, else
     * takes it when it is free or expired; returns the epoch held after the call, or 0 when another
     * replica holds it. Taking it raises the epoch by one, so an epoch is never held twice, and a
     * holder whose lease expired and who takes it back at {@code epoch + 1} knows nobody held it
     * in between.
     *
     * @param epoch the epoch {@code holder} believes it holds, or 0 to take the lease
     */
    public synchronized long acquireOrRenew(String holder, long epoch, long ttlMillis) {
        String now = database.dialect().nowMillis();
        try {
            Connection c = connection();
            if (epoch > 0) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE leases SET renewed_at = " + now
                        + ", expires_at = " + now + " + ? WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > " + now)) {
                    ps.setLong(1, ttlMillis);
                    ps.setString(2, LEADER);
                    ps.setString(3, holder);
                    ps.setLong(4, epoch);
                    if (ps.executeUpdate() == 1) {
                        return epoch;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO leases (name, holder, epoch, acquired_at, renewed_at,"
                    + " expires_at) VALUES (?, ?, 1, " + now + ", " + now + ", " + now + " + ?) ON CONFLICT (name) DO UPDATE"
                    + " SET holder = excluded.holder, epoch = leases.epoch + 1, acquired_at = excluded.acquired_at,"
                    + " renewed_at = excluded.renewed_at, expires_at = excluded.expires_at"
                    + " WHERE leases.expires_at <= " + now + " RETURNING epoch")) {
                ps.setString(1, LEADER);
                ps.setString(2, holder);
                ps.setLong(3, ttlMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * An SQL condition true while the fence's holder holds the leader's lease at its epoch, by the
     * database's clock; three parameters, bound by {@link #bindLease}. Actions and publications
     * check it in their own transaction.
     */
    static String holdsLease(Database database) {
        return "EXISTS (SELECT 1 FROM leases WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > "
                + database.dialect().nowMillis() + ")";
    }

    /** Binds {@link #holdsLease}'s parameters from {@code index} on. */
    static void bindLease(PreparedStatement ps, int index, ActionStore.Fence fence) throws SQLException {
        ps.setString(index, LEADER);
        ps.setString(index + 1, fence.holder());
        ps.setLong(index + 2, fence.epoch());
    }

    /** Gives the lease up at once (a clean stop), so another replica need not wait for it to expire. */
    public synchronized void release(String holder, long epoch) {
        try (PreparedStatement ps = connection().prepareStatement(
                "UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ? AND epoch = ?")) {
            ps.setString(1, LEADER);
            ps.setString(2, holder);
            ps.setLong(3, epoch);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The lease now, or null when no replica ever held it. */
    public synchronized LeaseState lease() {
        try (PreparedStatement ps = connection().prepareStatement("SELECT holder, epoch, expires_at - "
                + database.dialect().nowMillis() + " FROM leases WHERE name = ?")) {
            ps.setString(1, LEADER);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new LeaseState(rs.getString(1), rs.getLong(2), rs.getLong(3)) : null;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Records that {@code id} is alive now; the first heartbeat also records when it started. */
    public synchronized void heartbeat(String id, String address, String version) {
        String now = database.dialect().nowMillis();
        try (PreparedStatement ps = connection().prepareStatement("INSERT INTO replicas (id, address, version, started_at,"
                + " heartbeat_at) VALUES (?, ?, ?, " + now + ", " + now + ") ON CONFLICT (id) DO UPDATE SET"
                + " address = excluded.address, version = excluded.version, heartbeat_at = excluded.heartbeat_at")) {
            ps.setString(1, id);
            ps.setString(2, address);
            ps.setString(3, version);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Replicas whose last heartbeat is younger than {@code liveMillis}, by id; rows of replicas
     * dead for ten times that long are deleted.
     */
    public synchronized List<Member> members(long liveMillis) {
        String now = database.dialect().nowMillis();
        List<Member> out = new ArrayList<>();
        try (PreparedStatement gone = connection().prepareStatement("DELETE FROM replicas WHERE heartbeat_at < " + now + " - ?");
             PreparedStatement ps = connection().prepareStatement("SELECT id, address, version, started_at, " + now
                     + " - heartbeat_at, " + now + " - started_at FROM replicas WHERE heartbeat_at >= " + now + " - ? ORDER BY id")) {
            gone.setLong(1, liveMillis * 10);
            gone.executeUpdate();
            ps.setLong(1, liveMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Removes {@code id} from the live replicas at once (a clean stop). */
    public synchronized void leave(String id) {
        try (PreparedStatement ps = connection().prepareStatement("DELETE FROM replicas WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = database.connect();
            if (database.dialect() == Database.Dialect.SQLITE) {
                try (var s = connection.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 2000");
                }
            }
        }
        return connection;
    }

    private StoreException failure(SQLException e) {
        try {
            if (connection != null && database.dialect() == Database.Dialect.POSTGRES && !connection.isValid(1)) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // replaced at the next call
        }
        return new StoreException("cannot reach store " + database + " for the lease: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }
}
