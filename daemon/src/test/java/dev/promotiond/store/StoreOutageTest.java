package dev.promotiond.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotiond.facts.Stage;
import dev.promotiond.testing.RealPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real PostgreSQL server stopped under a live store: writes wait in memory (bounded), every
 * call fails with a StoreException instead of hanging or crashing, and once the server is back the
 * store reconnects by itself and flushes what waited.
 */
@Timeout(120)
class StoreOutageTest {
    @Test
    void writesWaitInMemoryWithinTheirBoundAndReachTheDatabaseWhenItReturns() throws Exception {
        try (RealPostgres pg = RealPostgres.startPrivate()) {
            Database db = pg.newDatabase();
            try (Store store = Store.open(db); Coordination lease = new Coordination(db)) {
                assertThat(lease.acquireOrRenew("a", 0, 10_000)).isPositive();
                pg.stop();
                int runs = Store.MAX_PENDING + 50;
                for (int i = 0; i < runs; i++) {
                    store.putRun(new RunRow("svc", Stage.STAGING, "1.0", true, i * 10_000L, i * 10_000L + 5_000, 2));
                }
                store.putOpenRun(new RunRow("svc", Stage.STAGING, "1.0", true, runs * 10_000L, runs * 10_000L, 1), "ok");
                assertThatThrownBy(store::flush).isInstanceOf(StoreException.class).hasMessageContaining(db.name());
                assertThatThrownBy(() -> lease.acquireOrRenew("a", 1, 10_000)).isInstanceOf(StoreException.class);
                assertThat(store.droppedProbes()).as("the 50 oldest runs' probes are a gap").isEqualTo(100);
                assertThat(store.pendingWrites()).isEqualTo(Store.MAX_PENDING + 1);

                pg.start();
                store.flush();
                assertThat(store.pendingWrites()).isZero();
                try (Connection c = pg.admin(); Statement s = c.createStatement()) {
                    s.execute("SELECT 1"); // the server is up; read through the store's own database
                }
                try (Connection c = db.connect(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(started_at) FROM probe_runs")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(Store.MAX_PENDING);
                    assertThat(rs.getLong(2)).as("the newest were kept").isEqualTo(50 * 10_000L);
                }
                assertThat(lease.lease().holder()).as("the lease connection reconnects too").isEqualTo("a");
            }
        }
    }
}
