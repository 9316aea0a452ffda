package dev.promotiond.store;

import dev.promotiond.facts.Hold;
import dev.promotiond.facts.Rollback;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions' durable records: the audit log, active alerts, rollbacks claimed and holds. Unlike
 * probe outcomes these are committed at once: a rollback is claimed on disk before it is executed,
 * so it happens at most once per (component, version) even across {@code kill -9}.
 */
public final class ActionStore {
    private final Store store;
    private final java.util.function.Supplier<Fence> fence;

    /**
     * The leader's right to act: its lease's holder and epoch. A rollback is claimed only while the
     * lease row still says so, checked in the claim's own transaction.
     */
    public record Fence(String holder, long epoch) {
    }

    /** Unfenced: for a store no other process acts on (tests, replays, the offline commands). */
    public ActionStore(Store store) {
        this(store, null);
    }

    /**
     * @param fence the lease this process holds now, or null when it does not lead; a null supplier
     *              means unfenced
     */
    public ActionStore(Store store, java.util.function.Supplier<Fence> fence) {
        this.store = store;
        this.fence = fence;
    }

    public ActionRecord log(Instant at, String kind, String component, String name, String outcome, String detail,
                            Duration took) {
        synchronized (store) {
            try (PreparedStatement ps = c().prepareStatement("INSERT INTO action_log (at, kind, component, name,"
                    + " outcome, detail, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, kind);
                ps.setString(3, component);
                ps.setString(4, name);
                ps.setString(5, outcome);
                ps.setString(6, detail);
                ps.setLong(7, took.toMillis());
                long id;
                try (ResultSet rs = ps.executeQuery()) {
                    id = rs.next() ? rs.getLong(1) : 0;
                }
                return new ActionRecord(id, at, kind, component, name, outcome, detail, took);
            } catch (SQLException e) {
                throw failure("write", e);
            }
        }
    }

    /** Newest first; {@code component} null for all. */
    public List<ActionRecord> log(String component, int limit) {
        return log(component, Long.MAX_VALUE, limit);
    }

    /** Newest first, ids below {@code beforeId} only (one page of the log); {@code component} null for all. */
    public List<ActionRecord> log(String component, long beforeId, int limit) {
        synchronized (store) {
            String sql = "SELECT id, at, kind, component, name, outcome, detail, duration_ms FROM action_log"
                    + " WHERE id < ?" + (component == null ? "" : " AND component = ?") + " ORDER BY id DESC LIMIT ?";
            try (PreparedStatement ps = c().prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, beforeId);
                if (component != null) {
                    ps.setString(i++, component);
                }
                ps.setInt(i, limit);
                List<ActionRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ActionRecord(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                Duration.ofMillis(rs.getLong(8))));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw failure("read", e);
            }
        }
    }

    /**
     * Claims the one rollback of (component, version); false when it was claimed before, or when
     * this process is fenced and no longer holds the leader's lease at the epoch it believes. The
     * claim ({@code actions_once}, unique per (component, version, kind)), the lease check and the
     * rollback's row are one transaction, committed at once: two processes that both believe they
     * lead cannot both claim it, and a claim survives {@code kill -9}.
     */
    public boolean claimRollback(String component, String version, Instant at) {
        Fence f = fence == null ? null : fence.get();
        if (fence != null && f == null) {
            return false;
        }
        synchronized (store) {
            try {
                return store.inTransaction(c -> {
                    boolean claimed;
                    String sql = "INSERT INTO actions_once (component, version, kind, at, holder, epoch) SELECT ?, ?, ?, ?, ?, ?"
                            + " WHERE " + (f == null ? "1 = 1" : Coordination.holdsLease(store.database())) + " ON CONFLICT DO NOTHING";
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, component);
                        ps.setString(2, version);
                        ps.setString(3, ActionRecord.ROLLBACK_KIND);
                        ps.setLong(4, at.toEpochMilli());
                        ps.setString(5, f == null ? "unfenced" : f.holder());
                        ps.setLong(6, f == null ? 0 : f.epoch());
                        if (f != null) {
                            Coordination.bindLease(ps, 7, f);
                        }
                        claimed = ps.executeUpdate() == 1;
                    }
                    if (claimed) {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollbacks (component, version, at, outcome)"
                                + " VALUES (?, ?, ?, 'started') ON CONFLICT DO NOTHING")) {
                            ps.setString(1, component);
                            ps.setString(2, version);
                            ps.setLong(3, at.toEpochMilli());
                            claimed = ps.executeUpdate() == 1;
                        }
                    }
                    return claimed;
                });
            } catch (SQLException e) {
                throw failure("write", e);
            }
        }
    }

    /** The outcome of the rollback of (component, version), or null when there was none. */
    public String rollbackOutcome(String component, String version) {
        synchronized (store) {
            try (PreparedStatement ps = c().prepareStatement(
                    "SELECT outcome FROM rollbacks WHERE component = ? AND version = ?")) {
                ps.setString(1, component);
                ps.setString(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            } catch (SQLException e) {
                throw failure("read", e);
            }
        }
    }

    /** Every rollback claimed so far, oldest first, with its age at {@code now}. */
    public List<Rollback> rollbacks(Instant now) {
        synchronized (store) {
            List<Rollback> out = new ArrayList<>();
            try (PreparedStatement ps = c().prepareStatement(
                    "SELECT component, version, at, outcome FROM rollbacks ORDER BY at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = Instant.ofEpochMilli(rs.getLong(3));
                    out.add(new Rollback(rs.getString(1), rs.getString(2), at, rs.getString(4),
                            Math.max(0, Duration.between(at, now).toSeconds())));
                }
            } catch (SQLException e) {
                throw failure("read", e);
            }
            return out;
        }
    }

    public void finishRollback(String component, String version, String outcome) {
        update("UPDATE rollbacks SET outcome = ? WHERE component = ? AND version = ?", outcome, component, version);
    }

    public void hold(String component, String version, Instant since, String reason) {
        synchronized (store) {
            try (PreparedStatement ps = c().prepareStatement(
                    "INSERT INTO holds (component, version, since, reason) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (component, version) DO UPDATE SET since = excluded.since, reason = excluded.reason")) {
                ps.setString(1, component);
                ps.setString(2, version);
                ps.setLong(3, since.toEpochMilli());
                ps.setString(4, reason);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw failure("write", e);
            }
        }
    }

    /** Clears every hold of the component; returns the versions that were held. */
    public List<String> clearHolds(String component) {
        synchronized (store) {
            List<String> versions = new ArrayList<>();
            for (Hold h : holds()) {
                if (h.component().equals(component)) {
                    versions.add(h.version());
                }
            }
            update("DELETE FROM holds WHERE component = ?", component);
            return versions;
        }
    }

    /** Clears the hold on one version of the component; false when that version was not held. */
    public boolean clearHold(String component, String version) {
        synchronized (store) {
            try (PreparedStatement ps = c().prepareStatement("DELETE FROM holds WHERE component = ? AND version = ?")) {
                ps.setString(1, component);
                ps.setString(2, version);
                return ps.executeUpdate() > 0;
            } catch (SQLException e) {
                throw failure("write", e);
            }
        }
    }

    public List<Hold> holds() {
        synchronized (store) {
            List<Hold> out = new ArrayList<>();
            try (PreparedStatement ps = c().prepareStatement("SELECT component, version, since, reason FROM holds");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Hold(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
                }
            } catch (SQLException e) {
                throw failure("read", e);
            }
            return out;
        }
    }

    /** When each action request still waiting out its {@code for} was first asked for, by request key. */
    public java.util.Map<String, Instant> pendingActions() {
        synchronized (store) {
            java.util.Map<String, Instant> out = new java.util.HashMap<>();
            try (PreparedStatement ps = c().prepareStatement("SELECT request, first_asked_at FROM pending_actions");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
                }
            } catch (SQLException e) {
                throw failure("read", e);
            }
            return out;
        }
    }

    /** Records requests first asked for now and forgets those no longer asked for, in one transaction. */
    public void updatePendingActions(java.util.Map<String, Instant> added, java.util.Collection<String> removed) {
        if (added.isEmpty() && removed.isEmpty()) {
            return;
        }
        synchronized (store) {
            try {
                store.inTransaction(c -> {
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM pending_actions WHERE request = ?");
                         PreparedStatement put = c.prepareStatement("INSERT INTO pending_actions (request, first_asked_at)"
                                 + " VALUES (?, ?) ON CONFLICT (request) DO NOTHING")) {
                        for (String r : removed) {
                            del.setString(1, r);
                            del.addBatch();
                        }
                        del.executeBatch();
                        for (java.util.Map.Entry<String, Instant> e : added.entrySet()) {
                            put.setString(1, e.getKey());
                            put.setLong(2, e.getValue().toEpochMilli());
                            put.addBatch();
                        }
                        put.executeBatch();
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw failure("write", e);
            }
        }
    }

    public void saveAlert(StoredAlert a) {
        synchronized (store) {
            try (PreparedStatement ps = c().prepareStatement("INSERT INTO active_alerts"
                    + " (fingerprint, alertname, component, payload, starts_at, last_sent_at, delivered)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET alertname = excluded.alertname,"
                    + " component = excluded.component, payload = excluded.payload, starts_at = excluded.starts_at,"
                    + " last_sent_at = excluded.last_sent_at, delivered = excluded.delivered")) {
                ps.setString(1, a.fingerprint());
                ps.setString(2, a.alertname());
                ps.setString(3, a.component());
                ps.setString(4, a.payload());
                ps.setLong(5, a.startsAt().toEpochMilli());
                ps.setLong(6, a.lastSentAt().toEpochMilli());
                ps.setInt(7, a.delivered() ? 1 : 0);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw failure("write", e);
            }
        }
    }

    public void deleteAlert(String fingerprint) {
        update("DELETE FROM active_alerts WHERE fingerprint = ?", fingerprint);
    }

    public List<StoredAlert> activeAlerts() {
        synchronized (store) {
            List<StoredAlert> out = new ArrayList<>();
            try (PreparedStatement ps = c().prepareStatement("SELECT fingerprint, alertname, component, payload,"
                    + " starts_at, last_sent_at, delivered FROM active_alerts");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredAlert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getInt(7) == 1));
                }
            } catch (SQLException e) {
                throw failure("read", e);
            }
            return out;
        }
    }

    private void update(String sql, String... args) {
        synchronized (store) {
            try (PreparedStatement ps = c().prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                throw failure("write", e);
            }
        }
    }

    private Connection c() {
        return store.connection();
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + " store " + store.database() + ": " + e.getMessage(), e);
    }
}
