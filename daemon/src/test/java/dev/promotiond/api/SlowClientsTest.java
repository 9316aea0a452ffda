package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.cycle.Evaluation;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that send part of a request and stop must not take the gate, /metrics or /healthz down. */
class SlowClientsTest {
    private static final String READINESS = "/api/v1/components/zeta-api/readiness?target=staging";

    @Test
    void twoHundredStalledHeadersLeaveHealthMetricsAndReadinessAnswering(@TempDir Path dir) throws Exception {
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = start(store)) {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    stalled.add(RawHttp.stall(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n"));
                }
                for (int round = 0; round < 3; round++) {
                    assertThat(RawHttp.status(server.port(), RawHttp.get("/healthz"))).isEqualTo(200);
                    assertThat(RawHttp.status(server.port(), RawHttp.get("/metrics"))).isEqualTo(200);
                    assertThat(RawHttp.status(server.port(), RawHttp.get(READINESS))).isEqualTo(200);
                }
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    @Test
    void unauthenticatedPostsWithUnsentBodiesGet401AtOnceAndHoldNoWorker(@TempDir Path dir) throws Exception {
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = start(store)) {
            List<Socket> posts = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    posts.add(RawHttp.stall(server.port(), "POST /api/v1/components/zeta-api/hold/clear HTTP/1.1\r\n"
                            + "Host: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"));
                }
                for (Socket s : posts) {
                    assertThat(RawHttp.statusOf(s)).isEqualTo(401);
                }
                assertThat(RawHttp.status(server.port(), RawHttp.get("/healthz"))).isEqualTo(200);
                assertThat(RawHttp.status(server.port(), RawHttp.get(READINESS))).isEqualTo(200);
            } finally {
                for (Socket s : posts) {
                    s.close();
                }
            }
        }
    }

    @Test
    void oversizedHeadersGet431AndOverlongUrisGet414(@TempDir Path dir) throws Exception {
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = start(store)) {
            String big = "a".repeat(40_000);
            assertThat(RawHttp.status(server.port(),
                    "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n")).isEqualTo(431);
            assertThat(RawHttp.status(server.port(), RawHttp.get("/healthz?q=" + big))).isEqualTo(414);
            assertThat(RawHttp.status(server.port(), RawHttp.get("/healthz"))).isEqualTo(200);
        }
    }

    private static ApiServer start(Store store) throws Exception {
        Evaluation e = StatusPageTest.evaluation();
        return ApiServer.start("127.0.0.1", 0, new PrometheusRegistry(), () -> e, store, new ActionStore(store),
                "secret-token", c -> List.of());
    }
}
