package dev.promotiond.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.testing.StoreKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The leader's lease and the fenced rollback claim, on both stores, with real connections racing. */
class CoordinationTest {
    @TempDir
    Path dir;

    @SuppressWarnings("try") // the store is opened only to create the schema the coordination rows live in
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void onlyOneHolderAtATimeAndEveryTakeoverRaisesTheEpoch(StoreKind kind) throws Exception {
        Database db = kind.fresh(dir);
        try (Store store = Store.open(db); Coordination a = new Coordination(db); Coordination b = new Coordination(db)) {
            long ea = a.acquireOrRenew("a", 0, 60_000);
            assertThat(ea).isEqualTo(1);
            assertThat(b.acquireOrRenew("b", 0, 60_000)).as("held by a").isZero();
            assertThat(a.acquireOrRenew("a", ea, 60_000)).as("renewed").isEqualTo(ea);
            assertThat(b.lease().holder()).isEqualTo("a");
            expire(db);
            assertThat(a.acquireOrRenew("a", ea, 60_000)).as("lapsed and free: taken back, nobody held it in between")
                    .isEqualTo(ea + 1);
            expire(db);
            long eb = b.acquireOrRenew("b", 0, 60_000);
            assertThat(eb).isEqualTo(3);
            assertThat(a.acquireOrRenew("a", ea + 1, 60_000)).as("taken by b meanwhile: a holds nothing").isZero();
            assertThat(a.acquireOrRenew("a", 0, 60_000)).isZero();
            b.release("b", eb);
            assertThat(a.acquireOrRenew("a", 0, 60_000)).as("released: taken at once, epoch raised").isEqualTo(4);
        }
    }

    @SuppressWarnings("try") // the store is opened only to create the schema the coordination rows live in
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void tenReplicasRacingForAFreeLeaseMakeExactlyOneLeader(StoreKind kind) throws Exception {
        Database db = kind.fresh(dir);
        try (Store store = Store.open(db)) {
            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Coordination> replicas = new ArrayList<>();
            try {
                for (int round = 0; round < 5; round++) {
                    List<Future<Long>> results = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        Coordination c = new Coordination(db);
                        replicas.add(c);
                        String id = "r" + i;
                        results.add(pool.submit(() -> c.acquireOrRenew(id, 0, 60_000)));
                    }
                    long winners = 0;
                    for (Future<Long> f : results) {
                        winners += f.get() > 0 ? 1 : 0;
                    }
                    assertThat(winners).as("round " + round).isEqualTo(1);
                    expire(db);
                }
            } finally {
                pool.shutdownNow();
                replicas.forEach(Coordination::close);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void twoProcessesThatBothBelieveTheyLeadCannotRollBackTwice(StoreKind kind) throws Exception {
        Database db = kind.fresh(dir);
        try (Store sa = Store.open(db); Store sb = Store.open(db); Coordination ca = new Coordination(db);
             Coordination cb = new Coordination(db)) {
            long ea = ca.acquireOrRenew("a", 0, 60_000);
            ActionStore a = new ActionStore(sa, () -> new ActionStore.Fence("a", ea));
            expire(db);
            long eb = cb.acquireOrRenew("b", 0, 60_000);
            ActionStore b = new ActionStore(sb, () -> new ActionStore.Fence("b", eb));
            Instant at = Instant.parse("2026-12-01T10:00:00Z");
            // a paused through its lease's end and still believes it leads: the database says otherwise
            assertThat(a.claimRollback("api", "2.0.0", at)).isFalse();
            assertThat(b.claimRollback("api", "2.0.0", at)).isTrue();
            assertThat(b.claimRollback("api", "2.0.0", at)).as("once per (component, version)").isFalse();
            assertThat(b.claimRollback("api", "2.0.1", at)).isTrue();
            assertThat(a.rollbacks(at)).extracting(r -> r.version()).containsExactly("2.0.0", "2.0.1");
            // both racing for the same new version, 20 times: one claim each time
            ActionStore b2 = new ActionStore(sa, () -> new ActionStore.Fence("b", eb));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < 20; i++) {
                    String version = "3.0." + i;
                    Callable<Boolean> one = () -> b.claimRollback("api", version, at);
                    Callable<Boolean> two = () -> b2.claimRollback("api", version, at);
                    Future<Boolean> f1 = pool.submit(one);
                    Future<Boolean> f2 = pool.submit(two);
                    assertThat((f1.get() ? 1 : 0) + (f2.get() ? 1 : 0)).as(version).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(new ActionStore(sa, () -> null).claimRollback("api", "4.0.0", at))
                    .as("a replica that does not lead claims nothing").isFalse();
        }
    }

    @SuppressWarnings("try") // the store is opened only to create the schema the coordination rows live in
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void membersAreThoseThatHeartBeatRecently(StoreKind kind) throws Exception {
        Database db = kind.fresh(dir);
        try (Store store = Store.open(db); Coordination c = new Coordination(db)) {
            c.heartbeat("a", "http://127.0.0.1:1", "t");
            c.heartbeat("b", "http://127.0.0.1:2", "t");
            assertThat(c.members(60_000)).extracting(Coordination.Member::id).containsExactly("a", "b");
            c.leave("a");
            assertThat(c.members(60_000)).extracting(Coordination.Member::id).containsExactly("b");
            try (Connection x = connect(db); Statement s = x.createStatement()) {
                s.executeUpdate("UPDATE replicas SET heartbeat_at = heartbeat_at - 120000");
            }
            assertThat(c.members(60_000)).isEmpty();
        }
    }

    /** Moves every lease's expiry into the past, as time passing would. */
    static void expire(Database db) throws Exception {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE leases SET expires_at = expires_at - 3600000");
        }
    }

    static Connection connect(Database db) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), db.properties());
    }
}
