package dev.promotiond.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.store.Coordination;
import dev.promotiond.store.Database;
import dev.promotiond.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leading as one replica sees it: its local deadline, the handover, and a dead holder on this host. */
class ReplicaTest {
    static final Duration LEASE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @SuppressWarnings("try") // the store is opened only to create the schema the coordination rows live in
    @Test
    void leadingEndsAtTheLocalDeadlineBeforeTheLeaseCouldExpireWithoutARenewal() {
        Database db = Database.sqlite(dir.resolve("s.db"));
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        try (Store store = Store.open(db); Coordination c = new Coordination(db)) {
            List<Boolean> changes = new ArrayList<>();
            Replica r = new Replica(c, "a", "t", LEASE, nanos::get, false).onLeadershipChange(changes::add);
            r.tick();
            assertThat(r.leads()).isTrue();
            assertThat(r.fence()).isNotNull();
            nanos.addAndGet(LEASE.minus(r.renewEvery()).toNanos() - 1);
            assertThat(r.leads()).as("just before the local deadline").isTrue();
            nanos.addAndGet(2);
            assertThat(r.leads()).as("a missed renewal: it stops acting on its own clock").isFalse();
            assertThat(r.fence()).isNull();
            r.tick();
            assertThat(r.leads()).as("renewed (the lease had not lapsed in the database)").isTrue();
            assertThat(changes).containsExactly(true);
        }
    }

    @SuppressWarnings("try") // the store is opened only to create the schema the coordination rows live in
    @Test
    void aFollowerTakesOverWhenTheLeaderLeavesAndTheEpochRises() {
        Database db = Database.sqlite(dir.resolve("s.db"));
        try (Store store = Store.open(db); Coordination ca = new Coordination(db); Coordination cb = new Coordination(db)) {
            Replica a = new Replica(ca, "a", "t", LEASE, System::nanoTime, false);
            Replica b = new Replica(cb, "b", "t", LEASE, System::nanoTime, false);
            a.tick();
            b.tick();
            assertThat(a.leads()).isTrue();
            assertThat(b.leads()).isFalse();
            assertThat(b.members()).extracting(Coordination.Member::id).containsExactly("a", "b");
            long before = a.epoch();
            a.leave();
            b.tick();
            assertThat(b.leads()).isTrue();
            assertThat(b.epoch()).isGreaterThan(before);
            assertThat(b.members()).extracting(Coordination.Member::id).containsExactly("b");
        }
    }

    @Test
    void aHolderIsDeadOnlyWhenItNamesThisHostAndAProcessThatIsGone() throws Exception {
        String me = Replica.newId();
        assertThat(Replica.deadOnThisHost(me)).as("this process").isFalse();
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        String host = me.substring(0, me.indexOf("-" + ProcessHandle.current().pid() + "-"));
        assertThat(Replica.deadOnThisHost(host + "-" + p.pid() + "-abcd")).as("an ended process").isTrue();
        assertThat(Replica.deadOnThisHost("other-host-" + p.pid() + "-abcd")).isFalse();
        assertThat(Replica.deadOnThisHost(null)).isFalse();
    }
}
