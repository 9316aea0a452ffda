package dev.promotiond.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Observation;
import dev.promotiond.facts.Stage;
import dev.promotiond.testing.RealPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store migrate}'s copy: a week of single-node history lands in PostgreSQL whole, or not at all. */
class StoreCopyTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant END = T0.plus(Duration.ofDays(7));
    static final List<String> COMPONENTS = List.of("api", "billing", "search-ü");

    @TempDir
    Path dir;

    /**
     * A week of one-minute probes for three components (outages, a version change, a daemon
     * gap), with deployments, evidence, an action log, an alert, a rollback and a hold; plus rows in
     * the schema-5 tables, a NULL and an empty text, and a deleted evidence row (its id must not be
     * reused).
     */
    static void seedWeek(Path file) throws SQLException {
        try (Store store = Store.open(file)) {
            Ledger ledger = new Ledger(store);
            for (String c : COMPONENTS) {
                ledger.declare(c, c.equals("api") ? Stage.PRODUCTION : Stage.STAGING, 60, T0);
            }
            int i = 0;
            for (Instant t = T0; t.isBefore(END); t = t.plusSeconds(60), i++) {
                boolean gap = t.isAfter(T0.plus(Duration.ofDays(3))) && t.isBefore(T0.plus(Duration.ofDays(3)).plusSeconds(7200));
                if (gap) {
                    continue; // the daemon was not running
                }
                for (String c : COMPONENTS) {
                    boolean up = !(c.equals("billing") && i % 97 < 3) && !(c.equals("api") && i % 1440 == 700);
                    String version = c.equals("search-ü") && t.isAfter(T0.plus(Duration.ofDays(5))) ? "2.0" : "1.0";
                    ledger.record(new Observation(c, t, up, up ? "ok" : "status 503", version, Duration.ofMillis(4)));
                }
                if (i % 1440 == 0) {
                    store.flush();
                }
            }
            store.flush();
            EvidenceStore evidence = new EvidenceStore(store);
            for (String c : COMPONENTS) {
                evidence.save(new Evidence(c, "1.0", "abc123", "tests", "junit", T0.plusSeconds(60),
                        "f".repeat(64), Map.of("passed", 120.0, "failed", 0.0)), List.of("junit.xml junit " + "f".repeat(64)));
                evidence.recordDeployment(new HistoryEvent(c, T0.plusSeconds(30), "deployment", Stage.STAGING, "1.0"));
            }
            long doomed = evidence.save(new Evidence("api", "0.9", null, "coverage", "", T0, "", Map.of("line", 0.8)),
                    List.of());
            ActionStore actions = new ActionStore(store);
            actions.log(END.minusSeconds(3600), "rollback", "api", "webhook", "ok", "rolled back 1.0", Duration.ofMillis(120));
            actions.log(END.minusSeconds(3500), "page", "billing", "alertmanager", "sent", "", Duration.ofMillis(8));
            actions.saveAlert(new StoredAlert("fp-1", "PromotiondUptimeBreach", "billing", "{\"labels\":{}}",
                    END.minusSeconds(7200), END.minusSeconds(60), true));
            assertThat(actions.claimRollback("api", "1.0", END.minusSeconds(3600))).isTrue();
            actions.finishRollback("api", "1.0", "ok");
            actions.hold("api", "1.0", END.minusSeconds(3600), "rolled back: uptime 24h below 99.9%");
            Connection c = store.connection();
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM evidence WHERE id = " + doomed);
                s.execute("INSERT INTO actions_once VALUES ('api', '0.9', 'rollback', 1, 'replica-a', 3)");
                s.execute("INSERT INTO decisions VALUES ('api', 7, '{\"ready\":false}'), ('billing', 7, '')");
                s.execute("INSERT INTO publications VALUES ('evaluation', 7, 5, 'replica-a', 3, 3, '{}')");
                s.execute("INSERT INTO last_probe VALUES ('retired', 12, 0, '', NULL)");
            }
        }
    }

    /** What a daemon reading the store sees of each component and of its actions, at {@code now}. */
    static List<Object> whatTheDaemonSees(Database db, Instant now) {
        List<Object> out = new ArrayList<>();
        try (Store store = Store.open(db)) {
            Ledger ledger = new Ledger(store);
            ledger.load(now);
            for (String c : COMPONENTS) {
                out.add(ledger.view(c, now));
                out.add(store.history(c));
            }
            ActionStore actions = new ActionStore(store);
            out.add(actions.rollbacks(now));
            out.add(actions.holds());
            out.add(actions.activeAlerts());
            out.add(actions.log("api", 10));
            out.add(new EvidenceStore(store).all());
            out.add(new EvidenceStore(store).latestDeployments());
        }
        return out;
    }

    static Map<String, Long> counts(Database db) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.properties()); Statement s = c.createStatement()) {
            for (StoreCopy.Table t : StoreCopy.TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t.name())) {
                    rs.next();
                    out.put(t.name(), rs.getLong(1));
                }
            }
        }
        return out;
    }

    @Test
    void aWeekOfHistoryMigratedToPostgresReadsTheSame() throws Exception {
        Path file = dir.resolve("promotiond.db");
        seedWeek(file);
        List<Object> before = whatTheDaemonSees(Database.sqlite(file), END);
        LedgerView billing = (LedgerView) before.get(2);
        assertThat(billing.uptime("7d").ratio()).as("a week with outages, not an empty ledger").isBetween(0.9, 0.99);
        assertThat(billing.uptime("7d").coverage()).as("the daemon's two-hour gap").isLessThan(1.0);
        Database pg = RealPostgres.shared().newDatabase();

        StoreCopy.Result result = new StoreCopy().copy(file, pg, line -> { });

        assertThat(result.committed()).isTrue();
        assertThat(result.tables()).extracting(StoreCopy.TableResult::table)
                .containsExactlyElementsOf(StoreCopy.TABLES.stream().map(StoreCopy.Table::name).toList());
        assertThat(result.tables()).allMatch(StoreCopy.TableResult::matches);
        assertThat(result.targetMigration()).as("the schema was created on the empty database").isNotNull();
        assertThat(counts(pg)).isEqualTo(counts(Database.sqlite(file)));
        assertThat(counts(pg).get("probe_runs")).isGreaterThan(100);
        assertThat(counts(pg).values()).allMatch(n -> n > 0);
        assertThat(whatTheDaemonSees(pg, END)).isEqualTo(before);
        assertThat(whatTheDaemonSees(pg, END.minus(Duration.ofDays(2)))).as("and at another instant")
                .isEqualTo(whatTheDaemonSees(Database.sqlite(file), END.minus(Duration.ofDays(2))));

        long lastSourceId;
        try (Connection c = DriverManager.getConnection(Database.sqlite(file).jdbcUrl());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'evidence'")) {
            rs.next();
            lastSourceId = rs.getLong(1);
        }
        try (Store store = Store.open(pg)) {
            long id = new EvidenceStore(store).save(new Evidence("api", "1.1", null, "tests", "junit", END, "", Map.of()),
                    List.of());
            assertThat(id).as("new ids continue after every id the source gave, the deleted one's too")
                    .isEqualTo(lastSourceId + 1);
        }
    }

    @Test
    void anOldSqliteFileIsMigratedToTheCurrentSchemaFirst() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection(Database.sqlite(file).jdbcUrl())) {
            LegacyStores.create(c, 3);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO probe_buckets VALUES ('api', 29000000, 6, 0), ('api', 29000001, 5, 1)");
                s.execute("INSERT INTO holds VALUES ('api', '1.0', 5, 'manual')");
            }
        }
        List<String> said = new ArrayList<>();
        Database pg = RealPostgres.shared().newDatabase();

        StoreCopy.Result result = new StoreCopy().copy(file, pg, said::add);

        assertThat(result.committed()).isTrue();
        assertThat(result.sourceMigration()).contains("minute buckets");
        assertThat(said.get(0)).startsWith("source " + file + ": converted 2 minute buckets");
        assertThat(counts(pg).get("probe_runs") + counts(pg).get("open_runs")).isPositive();
        assertThat(counts(pg).get("holds")).isEqualTo(1);
    }

    @Test
    void aTargetHoldingDataIsRefusedAndLeftUntouched() throws Exception {
        Path file = dir.resolve("promotiond.db");
        try (Store store = Store.open(file)) {
            new ActionStore(store).hold("api", "1.0", T0, "from the source");
        }
        Database pg = RealPostgres.shared().newDatabase();
        try (Store store = Store.open(pg)) {
            new ActionStore(store).hold("billing", "3.0", T0, "already here");
        }
        Map<String, Long> before = counts(pg);

        assertThatThrownBy(() -> new StoreCopy().copy(file, pg, line -> { }))
                .isInstanceOf(StoreCopy.TargetNotEmpty.class)
                .hasMessageContaining("table holds")
                .hasMessageContaining(pg.name());

        assertThat(counts(pg)).isEqualTo(before);
        try (Store store = Store.open(pg)) {
            assertThat(new ActionStore(store).holds()).extracting(dev.promotiond.facts.Hold::component).containsExactly("billing");
        }
    }

    @Test
    void aRowChangedInTransitFailsTheChecksumAndNothingIsCommitted() throws Exception {
        Path file = dir.resolve("promotiond.db");
        try (Store store = Store.open(file)) {
            new ActionStore(store).hold("api", "1.0", T0, "reason");
            new ActionStore(store).hold("billing", "1.0", T0, "reason");
        }
        Database pg = RealPostgres.shared().newDatabase();
        StoreCopy tampering = new StoreCopy(row -> {
            if (row.length == 4 && "billing".equals(row[0]) && "reason".equals(row[3])) {
                row[3] = "reason "; // one trailing space
            }
            return row;
        });

        StoreCopy.Result result = tampering.copy(file, pg, line -> { });

        assertThat(result.committed()).isFalse();
        assertThat(result.tables()).filteredOn(t -> !t.matches()).extracting(StoreCopy.TableResult::table)
                .containsExactly("holds");
        assertThat(counts(pg).values()).as("rolled back").allMatch(n -> n == 0);
    }

    @Test
    void anSqliteFileCanBeTheTargetToo() throws Exception {
        Path file = dir.resolve("promotiond.db");
        seedWeek(file);
        Path copy = dir.resolve("copy.db");

        StoreCopy.Result result = new StoreCopy().copy(file, Database.sqlite(copy), line -> { });

        assertThat(result.committed()).isTrue();
        assertThat(whatTheDaemonSees(Database.sqlite(copy), END)).isEqualTo(whatTheDaemonSees(Database.sqlite(file), END));
    }

    @Test
    void checksumTellsNullFromEmptyTextAndZero() {
        assertThat(sum(new Object[] {null})).isNotEqualTo(sum(new Object[] {""}));
        assertThat(sum(new Object[] {"0"})).isNotEqualTo(sum(new Object[] {0L}));
        assertThat(sum(new Object[] {"ab", "c"})).isNotEqualTo(sum(new Object[] {"a", "bc"}));
        assertThat(sum(new Object[] {"a"}, new Object[] {"b"})).isEqualTo(sum(new Object[] {"b"}, new Object[] {"a"}));
    }

    private static String sum(Object[]... rows) {
        StoreCopy.Sum s = new StoreCopy.Sum();
        for (Object[] r : rows) {
            s.add(r);
        }
        return s.hex();
    }
}
