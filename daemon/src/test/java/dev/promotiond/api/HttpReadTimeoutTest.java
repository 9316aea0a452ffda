package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.cycle.Evaluation;
import dev.promotiond.evidence.EvidenceBook;
import dev.promotiond.evidence.Intake;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request that stops arriving is ended by the listener's read timeout, not held forever. */
class HttpReadTimeoutTest {
    @Test
    void aStalledHeaderIsAnswered408OrClosedAfterTheReadTimeout(@TempDir Path dir) throws Exception {
        assertEndedAfterTimeout(dir, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
    }

    @Test
    void anAuthenticatedBodyThatStopsArrivingIsEndedAfterTheReadTimeoutAndNothingIsRecorded(@TempDir Path dir)
            throws Exception {
        AtomicInteger recorded = new AtomicInteger();
        assertEndedAfterTimeout(dir, "POST /api/v1/components/alpha-api/deployments HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer secret-token\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"stage\": \"Staging\"", recorded);
        assertThat(recorded).hasValue(0);
    }

    private static void assertEndedAfterTimeout(Path dir, String head) throws Exception {
        assertEndedAfterTimeout(dir, head, new AtomicInteger());
    }

    /** @param recorded counts what reached the daemon's intake (nothing should) */
    private static void assertEndedAfterTimeout(Path dir, String head, AtomicInteger recorded) throws Exception {
        Evaluation e = StatusPageTest.evaluation();
        HttpLimits limits = HttpLimits.DEFAULTS.withReadTimeout(Duration.ofMillis(300));
        Intake intake = new Intake() {
            @Override
            public EvidenceBook.Accepted evidence(String component, String version, String commit, String kind,
                                                  List<EvidenceBook.Upload> files) {
                recorded.incrementAndGet();
                throw new IllegalStateException("a stalled upload reached the intake");
            }

            @Override
            public List<EvidenceStore.Stored> evidenceLog(String component, long beforeId, int limit) {
                return List.of();
            }

            @Override
            public HistoryEvent deploy(String component, String stage, String version, String type, Instant at) {
                recorded.incrementAndGet();
                throw new IllegalStateException("a stalled deployment record reached the intake");
            }
        };
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, limits, new PrometheusRegistry(), () -> e, store,
                     new ActionStore(store), "secret-token", c -> List.of(), intake, null, null, null);
             Socket s = RawHttp.stall(server.port(), head)) {
            // RawHttp bounds the read at 5 s: a server without a read timeout fails here
            assertThat(RawHttp.statusOf(s)).isIn(-1, 408);
        }
    }
}
