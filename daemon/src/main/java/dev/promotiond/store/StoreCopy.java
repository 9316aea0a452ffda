package dev.promotiond.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Copies a single-node SQLite store into an empty store (PostgreSQL, or another SQLite file) with
 * nothing lost: every data table, ids included, in one transaction on the target, which is
 * committed only after each table's row count and checksum read back from the target equal the
 * source's. Nothing in the target is ever overwritten: a target holding any data is refused.
 *
 * <p>Leases, replicas and Flyway's history are not copied: they describe running replicas and the
 * target's own schema, not the history.
 */
public final class StoreCopy {
    /** Rows per JDBC batch (and per fetch from PostgreSQL). */
    static final int BATCH = 5_000;

    /**
     * The data tables, parents first. Each column is an integer ({@code i}) or text ({@code t}); the
     * schema scripts of both databases declare the same columns in the same order.
     */
    static final List<Table> TABLES = List.of(
            new Table("soaks", "component t, stage t, version t, started_at i, up i, down i, last_at i", false),
            new Table("last_probe", "component t, at i, up i, reason t, version t", false),
            new Table("history", "id i, component t, at i, kind t, stage t, version t", true),
            new Table("action_log", "id i, at i, kind t, component t, name t, outcome t, detail t, duration_ms i", true),
            new Table("active_alerts", "fingerprint t, alertname t, component t, payload t, starts_at i, last_sent_at i,"
                    + " delivered i", false),
            new Table("rollbacks", "component t, version t, at i, outcome t", false),
            new Table("holds", "component t, version t, since i, reason t", false),
            new Table("evidence", "id i, component t, version t, commit_id t, kind t, tool t, received_at i, sha256 t,"
                    + " vals t, files t", true),
            new Table("probe_runs", "component t, started_at i, ended_at i, up i, probes i, version t, stage t", false),
            new Table("open_runs", "component t, started_at i, ended_at i, up i, probes i, version t, stage t, reason t",
                    false),
            new Table("actions_once", "component t, version t, kind t, at i, holder t, epoch i", false),
            new Table("decisions", "component t, seq i, body t", false),
            new Table("publications", "name t, seq i, published_at i, holder t, epoch i, components i, body t", false));

    /** A data table: its columns, and whether its {@code id} column is an identity (a sequence on PostgreSQL). */
    record Table(String name, List<Column> columns, boolean identity) {
        Table(String name, String columns, boolean identity) {
            this(name, parse(columns), identity);
        }

        private static List<Column> parse(String text) {
            List<Column> out = new ArrayList<>();
            for (String c : text.split(",")) {
                String[] parts = c.trim().split(" ");
                out.add(new Column(parts[0], parts[1].equals("i")));
            }
            return List.copyOf(out);
        }

        String select() {
            return "SELECT " + String.join(", ", columns.stream().map(Column::name).toList()) + " FROM " + name;
        }

        String insert() {
            return "INSERT INTO " + name + " (" + String.join(", ", columns.stream().map(Column::name).toList())
                    + ") VALUES (" + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        }
    }

    record Column(String name, boolean integer) {
    }

    /** One table copied: its rows and checksum as read from each side. */
    public record TableResult(String table, long sourceRows, String sourceSum, long targetRows, String targetSum) {
        public boolean matches() {
            return sourceRows == targetRows && sourceSum.equals(targetSum);
        }
    }

    /**
     * What a copy did.
     *
     * @param sourceMigration what opening the source converted (an old file is first brought to the current schema), or null
     * @param targetMigration the schema created on the target, or null
     * @param committed whether the copy was committed: false when a table's rows or checksum differed (then the target is unchanged)
     */
    public record Result(String sourceMigration, String targetMigration, List<TableResult> tables, boolean committed) {
        public long rows() {
            return tables.stream().mapToLong(TableResult::sourceRows).sum();
        }
    }

    /** The target holds data: copying into it could overwrite or mix histories. */
    public static final class TargetNotEmpty extends RuntimeException {
        private static final long serialVersionUID = 1L;
        TargetNotEmpty(String message) {
            super(message);
        }
    }

    private final UnaryOperator<Object[]> rewrite;

    public StoreCopy() {
        this(UnaryOperator.identity());
    }

    /** @param rewrite applied to each row between reading and writing: only tests change rows, to prove the check. */
    StoreCopy(UnaryOperator<Object[]> rewrite) {
        this.rewrite = rewrite;
    }

    /**
     * Copies the SQLite file {@code from} into the empty store {@code to}, telling {@code progress}
     * when the source had to be migrated to the current schema first.
     *
     * @throws StoreException when a store cannot be opened, read or written (the target is then unchanged)
     * @throws TargetNotEmpty naming the first data table of the target that holds rows
     */
    public Result copy(Path from, Database to, Consumer<String> progress) {
        if (!Files.isRegularFile(from)) {
            throw new StoreException("no store file " + from + " to migrate from", null);
        }
        if (to.isPostgres()) {
            try (Connection probe = to.connect()) {
                probe.isValid(5); // a wrong password or host is told in one line, before Flyway's longer report
            } catch (SQLException e) {
                throw new StoreException("cannot connect to " + to + ": " + e.getMessage(), e);
            }
        }
        try (Store source = Store.open(Database.sqlite(from)); Store target = Store.open(to)) {
            if (source.migration() != null) {
                progress.accept("source " + from + ": " + source.migration());
            }
            if (target.migration() != null) {
                progress.accept("target " + to + ": " + target.migration());
            }
            synchronized (source) {
                synchronized (target) {
                    return copy(source, target);
                }
            }
        }
    }

    private Result copy(Store source, Store target) {
        Connection in = source.connection();
        Connection out = target.connection();
        try {
            in.setAutoCommit(false); // one read transaction: a snapshot, even if a daemon still writes the file
            out.setAutoCommit(false);
            try {
                for (Table t : TABLES) {
                    requireEmpty(out, t, target.database());
                }
                List<TableResult> results = new ArrayList<>();
                for (Table t : TABLES) {
                    Sum sourceSum = copyTable(in, out, t);
                    if (t.identity() && target.database().isPostgres()) {
                        moveSequence(in, out, t);
                    }
                    Sum targetSum = checksum(out, t, target.database().isPostgres());
                    TableResult r = new TableResult(t.name(), sourceSum.rows, sourceSum.hex(), targetSum.rows,
                            targetSum.hex());
                    results.add(r);
                }
                boolean ok = results.stream().allMatch(TableResult::matches);
                if (ok) {
                    out.commit();
                } else {
                    out.rollback();
                }
                return new Result(source.migration(), target.migration(), List.copyOf(results), ok);
            } catch (SQLException | RuntimeException e) {
                out.rollback();
                throw e;
            } finally {
                in.rollback();
                in.setAutoCommit(true);
                out.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot copy " + source.database() + " to " + target.database() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void requireEmpty(Connection c, Table t, Database db) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM " + t.name() + " LIMIT 1")) {
            if (rs.next()) {
                throw new TargetNotEmpty("target " + db + " is not empty: table " + t.name()
                        + " holds rows; store migrate only copies into an empty store and never overwrites one");
            }
        }
    }

    /** Copies every row of {@code t} in batches; returns the source's count and checksum. */
    private Sum copyTable(Connection in, Connection out, Table t) throws SQLException {
        Sum sum = new Sum();
        try (Statement s = in.createStatement(); PreparedStatement ps = out.prepareStatement(t.insert())) {
            s.setFetchSize(BATCH);
            try (ResultSet rs = s.executeQuery(t.select())) {
                int pending = 0;
                while (rs.next()) {
                    Object[] row = read(rs, t);
                    sum.add(row);
                    row = rewrite.apply(row);
                    bind(ps, t, row);
                    ps.addBatch();
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
        }
        return sum;
    }

    /**
     * Reads a row as Longs and Strings. SQLite stores any value in any column: a value of another
     * kind (a real, a blob, text in an integer column) is refused with its place rather than
     * converted, since a conversion would lose it on both sides and still match.
     */
    private static Object[] read(ResultSet rs, Table t) throws SQLException {
        Object[] row = new Object[t.columns().size()];
        for (int i = 0; i < row.length; i++) {
            Column c = t.columns().get(i);
            Object v = rs.getObject(i + 1);
            if (v == null) {
                row[i] = null;
            } else if (c.integer() && (v instanceof Integer || v instanceof Long || v instanceof Short)) {
                row[i] = ((Number) v).longValue();
            } else if (!c.integer() && v instanceof String text) {
                row[i] = text;
            } else {
                throw new StoreException("table " + t.name() + ", column " + c.name() + " holds " + v.getClass()
                        .getSimpleName() + " " + v + " where " + (c.integer() ? "an integer" : "text")
                        + " belongs; fix the row before migrating", null);
            }
        }
        return row;
    }

    private static void bind(PreparedStatement ps, Table t, Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            boolean integer = t.columns().get(i).integer();
            if (row[i] == null) {
                ps.setNull(i + 1, integer ? Types.BIGINT : Types.VARCHAR);
            } else if (integer) {
                ps.setLong(i + 1, (Long) row[i]);
            } else {
                ps.setString(i + 1, (String) row[i]);
            }
        }
    }

    /**
     * Moves the identity's sequence past every id the source ever gave (its AUTOINCREMENT counter
     * remembers ids of deleted rows too), so new rows never reuse an id.
     */
    private static void moveSequence(Connection in, Connection out, Table t) throws SQLException {
        long max = 0;
        try (Statement s = in.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(id) FROM " + t.name())) {
            if (rs.next()) {
                max = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = in.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
            ps.setString(1, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    max = Math.max(max, rs.getLong(1));
                }
            }
        }
        if (max > 0) {
            try (PreparedStatement ps = out.prepareStatement("SELECT setval(pg_get_serial_sequence(?, 'id'), ?)")) {
                ps.setString(1, t.name());
                ps.setLong(2, max);
                ps.executeQuery().close();
            }
        }
    }

    /** Reads {@code t} back (inside the copy's transaction) and sums it the way {@link #copyTable} summed the source. */
    private static Sum checksum(Connection c, Table t, boolean postgres) throws SQLException {
        Sum sum = new Sum();
        try (Statement s = c.createStatement()) {
            s.setFetchSize(postgres ? BATCH : 0); // PostgreSQL streams with a cursor only in a transaction with a fetch size
            try (ResultSet rs = s.executeQuery(t.select())) {
                while (rs.next()) {
                    sum.add(read(rs, t));
                }
            }
        }
        return sum;
    }

    /**
     * An order-independent checksum of a table: the SHA-256 of the row count and of the sum, modulo
     * 2^256, of each row's SHA-256. Order-independent because the two databases need not return
     * rows in the same order (PostgreSQL sorts text by the database's collation unless told
     * otherwise), and the keys make every row distinct. A row is hashed column by column: NULL as
     * the byte 0, an integer as 1 and eight bytes, text as 2, its UTF-8 length (four bytes) and its
     * UTF-8 bytes, so NULL, the empty text, "0" and 0 all differ.
     */
    static final class Sum {
        private final MessageDigest row = sha256();
        private final byte[] total = new byte[32];
        long rows;

        void add(Object[] values) {
            for (Object v : values) {
                if (v == null) {
                    row.update((byte) 0);
                } else if (v instanceof Long n) {
                    row.update((byte) 1);
                    for (int shift = 56; shift >= 0; shift -= 8) {
                        row.update((byte) (n >>> shift));
                    }
                } else {
                    byte[] text = ((String) v).getBytes(StandardCharsets.UTF_8);
                    row.update((byte) 2);
                    for (int shift = 24; shift >= 0; shift -= 8) {
                        row.update((byte) (text.length >>> shift));
                    }
                    row.update(text);
                }
            }
            byte[] digest = row.digest();
            int carry = 0;
            for (int i = 31; i >= 0; i--) {
                int s = (total[i] & 0xff) + (digest[i] & 0xff) + carry;
                total[i] = (byte) s;
                carry = s >>> 8;
            }
            rows++;
        }

        String hex() {
            MessageDigest d = sha256();
            d.update(Long.toString(rows).getBytes(StandardCharsets.US_ASCII));
            d.update(total);
            return HexFormat.of().formatHex(d.digest());
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }
    }
}
