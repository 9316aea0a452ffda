package dev.promotiond.store;

import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Stage;
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
import java.util.Set;

/**
 * CI evidence and deployment records. Both are committed before the API answers, so an accepted
 * upload is never lost; a rejected one never reaches this class. Deployment records share the
 * history table with the stage and version changes the ledger sees.
 */
public final class EvidenceStore {
    /** History kinds that are deployment records (as opposed to what the daemon observed). */
    public static final Set<String> DEPLOYMENT_KINDS = Set.of("promotion", "demotion", "rollback", "deployment");

    /**
     * The newest upload of each (component, kind, version), its versions ranked per (component, kind)
     * by their newest upload (1 = most recent). Upload ids grow with arrival, so "newest" is the order
     * of arrival, not of version names, which follow no common scheme.
     */
    private static final String RANKED = "SELECT MAX(id) AS newest, component, kind, version, ROW_NUMBER() OVER"
            + " (PARTITION BY component, kind ORDER BY MAX(id) DESC) AS rank FROM evidence GROUP BY component, kind, version";
    /** The ids {@link #latest(int)} keeps; one parameter: how many versions. */
    private static final String KEPT = "SELECT newest FROM (" + RANKED + ") AS ranked WHERE rank <= ?";

    private final Store store;

    public EvidenceStore(Store store) {
        this.store = store;
    }

    /** One stored upload: the evidence and the files it came from ("junit.xml junit sha256…"). */
    public record Stored(long id, Evidence evidence, List<String> files) {
    }

    public long save(Evidence e, List<String> files) {
        synchronized (store) {
            try (PreparedStatement ps = c().prepareStatement("INSERT INTO evidence (component, version, commit_id, kind,"
                    + " tool, received_at, sha256, vals, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, e.component());
                ps.setString(2, e.version());
                ps.setString(3, e.commit());
                ps.setString(4, e.kind());
                ps.setString(5, e.tool());
                ps.setLong(6, e.receivedAt().toEpochMilli());
                ps.setString(7, e.sha256());
                ps.setString(8, encode(e.values(), e.notes()));
                ps.setString(9, String.join("\n", files));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException ex) {
                throw failure("write", ex);
            }
        }
    }

    /**
     * The newest evidence of each (component, version, kind), for the {@code versions} versions of
     * each (component, kind) that received evidence most recently; newest first.
     */
    public List<Evidence> latest(int versions) {
        return query("SELECT id, component, version, commit_id, kind, tool, received_at, sha256, vals, files FROM evidence"
                + " WHERE id IN (" + KEPT + ") ORDER BY id DESC", versions)
                .stream().map(Stored::evidence).toList();
    }

    /** Every stored upload, oldest first (for replaying history). */
    public List<Evidence> all() {
        return query("SELECT id, component, version, commit_id, kind, tool, received_at, sha256, vals, files FROM evidence"
                + " ORDER BY id").stream().map(Stored::evidence).toList();
    }

    /** A component's uploads, newest first. */
    public List<Stored> list(String component, int limit) {
        return list(component, Long.MAX_VALUE, limit);
    }

    /** A component's uploads with an id below {@code beforeId}, newest first: one page of the log. */
    public List<Stored> list(String component, long beforeId, int limit) {
        return query("SELECT id, component, version, commit_id, kind, tool, received_at, sha256, vals, files FROM evidence"
                + " WHERE component = ? AND id < ? ORDER BY id DESC LIMIT ?", component, beforeId, limit);
    }

    /**
     * Deletes every upload of a version beyond the {@code versions} most recent of its (component,
     * kind), whatever its age, and uploads older than {@code before} that a newer upload of the same
     * (component, version, kind) replaced. What {@link #latest(int)} returns is never deleted.
     */
    public int prune(Instant before, int versions) {
        synchronized (store) {
            try (PreparedStatement ps = c().prepareStatement("DELETE FROM evidence WHERE id NOT IN (" + KEPT + ")"
                    + " AND (received_at < ? OR (component, kind, version) NOT IN (SELECT component, kind, version FROM ("
                    + RANKED + ") AS ranked WHERE rank <= ?))")) {
                ps.setInt(1, versions);
                ps.setLong(2, before.toEpochMilli());
                ps.setInt(3, versions);
                return ps.executeUpdate();
            } catch (SQLException ex) {
                throw failure("prune", ex);
            }
        }
    }

    /** Writes a deployment record at once (not coalesced like probe history). */
    public void recordDeployment(HistoryEvent event) {
        if (!DEPLOYMENT_KINDS.contains(event.kind())) {
            throw new IllegalArgumentException("not a deployment kind: " + event.kind());
        }
        synchronized (store) {
            store.flush();
            try (PreparedStatement ps = c().prepareStatement(
                    "INSERT INTO history (component, at, kind, stage, version) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, event.component());
                ps.setLong(2, event.at().toEpochMilli());
                ps.setString(3, event.kind());
                ps.setString(4, event.stage().title());
                ps.setString(5, event.version());
                ps.executeUpdate();
            } catch (SQLException ex) {
                throw failure("write", ex);
            }
        }
    }

    /**
     * A mark that changes whenever an upload or a history row is committed, by any replica: the
     * leader reloads evidence and deployment records when it differs from the last one it saw.
     * (Counts as well as the largest ids: PostgreSQL hands out ids before commit, so rows can
     * appear out of id order.)
     */
    public String changeMark() {
        synchronized (store) {
            try (Statement s = c().createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM evidence), (SELECT MAX(id) FROM evidence),"
                         + " (SELECT COUNT(*) FROM history), (SELECT MAX(id) FROM history)")) {
                rs.next();
                return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getLong(4);
            } catch (SQLException ex) {
                throw failure("read", ex);
            }
        }
    }

    /** The latest deployment record of each component (by the time it says it happened). */
    public Map<String, HistoryEvent> latestDeployments() {
        synchronized (store) {
            store.flush();
            Map<String, HistoryEvent> out = new HashMap<>();
            try (Statement s = c().createStatement();
                 ResultSet rs = s.executeQuery("SELECT component, at, kind, stage, version FROM history"
                         + " WHERE kind IN ('promotion', 'demotion', 'rollback', 'deployment') ORDER BY at, id")) {
                while (rs.next()) {
                    String component = rs.getString(1);
                    Stage stage = Stage.parse(rs.getString(4)).orElse(null);
                    if (stage != null) {
                        out.put(component, new HistoryEvent(component, Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getString(3), stage, rs.getString(5)));
                    }
                }
            } catch (SQLException ex) {
                throw failure("read", ex);
            }
            return out;
        }
    }

    private List<Stored> query(String sql, Object... params) {
        synchronized (store) {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement ps = c().prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String vals = rs.getString(9);
                        Evidence e = new Evidence(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), rs.getString(8),
                                decode(vals), notes(vals));
                        String files = rs.getString(10);
                        out.add(new Stored(rs.getLong(1), e, files.isEmpty() ? List.of() : List.of(files.split("\n"))));
                    }
                }
            } catch (SQLException ex) {
                throw failure("read", ex);
            }
            return out;
        }
    }

    /**
     * "name=value" lines; names are [a-z0-9_.]+ (the parsers guarantee it), values Java doubles.
     * Then one "=note" line per note (notes hold no line breaks: the parsers guarantee it). A
     * promotiond from before notes skips lines that begin with "=", so it still reads the values.
     */
    static String encode(Map<String, Double> values, List<String> notes) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        notes.forEach(n -> b.append('=').append(n.replace('\n', ' ').replace('\r', ' ')).append('\n'));
        return b.toString();
    }

    static List<String> notes(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("=")) {
                out.add(line.substring(1));
            }
        }
        return out;
    }

    static Map<String, Double> decode(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1)));
            }
        }
        return out;
    }

    private Connection c() {
        return store.connection();
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + " evidence in store " + store.database() + ": " + e.getMessage(), e);
    }
}
